"""Time to the first prompt: runs a command on a pseudo-terminal and exits as soon as its output matches
PATTERN (the first question is on screen), killing it. hyperfine times this script, so the figure is
"start → first question drawn" plus this harness's own start (measured alone as a baseline row).

usage: python3 first-prompt.py PATTERN -- COMMAND [ARGS...]"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

pattern = re.compile(sys.argv[1].encode())
command = sys.argv[sys.argv.index("--") + 1:]
pid, fd = pty.fork()
if pid == 0:
    # A real terminal has a size: 100 columns, 30 rows (set before exec, so the first frame sees it).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    os.execvp(command[0], command)
seen = b""
deadline = time.monotonic() + 60
found = False
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    if pattern.search(re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", seen)):
        found = True
        break
for sig in (signal.SIGKILL,):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass
os.waitpid(pid, 0)
if not found:
    sys.stderr.write("no match for %r; the command printed:\n%s\n" % (sys.argv[1], seen.decode(errors="replace")[-2000:]))
    sys.exit(1)
