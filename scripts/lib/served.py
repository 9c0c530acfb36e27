"""A `draagvlak serve` on loopback for the scripts that test the server (api-fuzz, slow-clients,
browser-test): a free port, the server started with its log in a file, /health awaited, and a
stop that gives the server its graceful shutdown first."""
import signal
import socket
import subprocess
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port, timeout=20):
    """Waits until 127.0.0.1:port answers /health with 200; False after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def start(binary, folder, log_path, timeout=15.0, extra=()):
    """Starts `draagvlak serve -c folder` (with the options in `extra`, e.g. `--closed`) on
    127.0.0.1 and a free port and waits until /health answers 200. Returns (process, port);
    raises RuntimeError naming the log when it does not."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [binary, "serve", "-c", folder, "--host", "127.0.0.1", "--port", str(port), "--insecure-cookies", *extra],
            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before it answered /health (log: {log_path})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as response:
                if response.status == 200:
                    return process, port
        except OSError:
            pass
        time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"the server did not answer /health within {timeout:.0f} s (log: {log_path})")


def stop(process, within=10):
    """SIGTERM (the server finishes what is in flight), then SIGKILL after `within` seconds.
    False when it had to be killed; True when it stopped (or had stopped already)."""
    if process is None or process.poll() is not None:
        return True
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(within)
        return True
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
