-- wrk script for scripts/load-test: every request posts a complete answer to /api/v1/answers
-- with the next unused invitation code from the file given after `--`. Counts the statuses.
local codes = {}
local next_code = 1
counts = {}
sent = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "code" then table.insert(codes, line) end
  end
  -- Each thread takes every n-th code, so no two threads send the same one.
  local n, i = tonumber(args[2] or "1"), index or 1
  local mine = {}
  for k = i, #codes, n do table.insert(mine, codes[k]) end
  codes = mine
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local answers = {}
  for s = 1, 32 do table.insert(answers, string.format('"S%02d":"%d"', s, (s % 5) + 1)) end
  table.insert(answers, '"district":"noord"')
  table.insert(answers, '"leeftijd":"30-44"')
  table.insert(answers, '"woonsituatie":"koop"')
  body_tail = '"answers":{' .. table.concat(answers, ",") .. '}}'
end

function request()
  local code = codes[next_code] or "EXHAUSTED"
  next_code = next_code + 1
  sent = sent + 1
  return wrk.format(nil, "/api/v1/answers", nil, '{"code":"' .. code .. '",' .. body_tail)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, written = {}, 0
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for status, n in pairs(c) do total[status] = (total[status] or 0) + n end
    written = written + t:get("sent")
  end
  io.write(string.format("sent %d\n", written))
  for status, n in pairs(total) do io.write(string.format("status %d %d\n", status, n)) end
  io.write(string.format("p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("p50_ms %.2f\n", latency:percentile(50) / 1000))
end
