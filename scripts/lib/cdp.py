"""A small client for headless Chromium (Debian's `chromium`) over the DevTools protocol on
--remote-debugging-pipe (fds 3/4, NUL-separated JSON), standard library only. Used by
scripts/check-html (documents) and scripts/browser-test (the residents' survey).
"""
import json, os, select, shutil, subprocess, sys, tempfile, time

CHROME = "/usr/lib/chromium/chromium"  # /usr/bin/chromium is a wrapper script


class BrowserError(Exception):
    pass


class Chromium:
    """One headless browser with one page. `offline` cuts the network off (proxy on a closed
    port, every host unresolvable) except loopback when `allow_loopback`."""

    def __init__(self, offline=True, allow_loopback=False, width=1280, height=800, mobile=False):
        self.profile = tempfile.mkdtemp(prefix="cdp-")
        self.errlog = open(os.path.join(self.profile, "stderr.log"), "w+")
        self.to_chrome, self.from_chrome = os.pipe(), os.pipe()
        self.buf, self.next_id, self.session = b"", 0, None
        self.handlers = []
        args = [CHROME, "--headless", "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
                "--no-first-run", "--disable-extensions", "--disable-sync", "--disable-component-update",
                "--disable-background-networking", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--mute-audio", "about:blank"]
        if offline:
            rules = "MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1" if allow_loopback else "")
            args[1:1] = ["--proxy-server=127.0.0.1:9", f"--host-resolver-rules={rules}"]
            if allow_loopback:
                args[1:1] = ["--proxy-bypass-list=127.0.0.1"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox on

        def child_fds():
            w = os.dup(self.from_chrome[1]) if self.from_chrome[1] == 3 else self.from_chrome[1]
            os.dup2(self.to_chrome[0], 3); os.dup2(w, 4)

        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.errlog, stderr=self.errlog,
                                     pass_fds=(3, 4), preexec_fn=child_fds)
        os.close(self.to_chrome[0]); os.close(self.from_chrome[1])
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def fail(self, msg):
        self.errlog.seek(0)
        tail = self.errlog.read()[-2000:]
        self.close()
        raise BrowserError(f"{msg}\n{tail}")

    def receive(self, until, deadline):
        """Reads messages, passing events to the handlers, until one satisfies `until`
        (returned) or the deadline (None)."""
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(raw)
                if "method" in m:
                    for handler in self.handlers:
                        handler(m)
                if until(m):
                    return m
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if select.select([self.from_chrome[0]], [], [], left)[0]:
                chunk = os.read(self.from_chrome[0], 1 << 20)
                if not chunk:
                    self.fail("Chromium exited unexpectedly")
                self.buf += chunk

    def send(self, method, timeout=30, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome[1], json.dumps(msg).encode() + b"\0")
        reply = self.receive(lambda m: m.get("id") == msg["id"], time.monotonic() + timeout)
        if reply is None or "error" in reply:
            self.fail(f"{method} failed: {reply and reply['error']}")
        return reply["result"]

    def navigate(self, url, timeout=30):
        """Loads `url` and waits for its load event; False when it did not come."""
        self.send("Page.navigate", url=url)
        return self.wait_for_load(timeout)

    def wait_for_load(self, timeout=30):
        return self.receive(lambda m: m.get("method") == "Page.loadEventFired", time.monotonic() + timeout) is not None

    def settle(self, seconds=0.5):
        self.receive(lambda m: False, time.monotonic() + seconds)

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (DevTools is not bound by the page's CSP)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            self.fail(f"evaluate failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def type_text(self, text):
        self.send("Input.insertText", text=text)

    def press(self, key, code, key_code):
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code,
                      text="\r" if key == "Enter" and kind == "keyDown" else "")

    def close(self):
        if self.proc.poll() is None:
            try:
                self.session = None
                os.write(self.to_chrome[1], json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                self.proc.wait(10)
            except Exception:
                self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def ensure_chromium():
    """Installs Debian's chromium when it is missing (CI machines start without it)."""
    if os.path.exists(CHROME):
        return
    print("installing chromium (apt-get)...", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)
