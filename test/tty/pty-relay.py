"""Runs a command on a pseudo-terminal (100x30; PTY_COLUMNS sets another width) and relays it: our stdin -> the terminal, the terminal -> our stdout.
Exits with the command's exit code (128+N when a signal N ended it). Used by test/tty/*.test.ts: python3's pty
module is on every machine this project runs on, and needs no native npm module."""
import fcntl, os, pty, select, struct, sys, termios

argv = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    # A real terminal has a size (set before exec, so the first frame sees it).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, int(os.environ.get("PTY_COLUMNS", "100")), 0, 0))
    os.execvp(argv[0], argv)
stdin = sys.stdin.fileno()
open_fds = [fd, stdin]
status = None
while True:
    try:
        ready, _, _ = select.select(open_fds, [], [], 0.05)
    except InterruptedError:
        continue
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if data:
            os.write(sys.stdout.fileno(), data)
        else:
            open_fds.remove(fd)
    if stdin in ready:
        data = os.read(stdin, 1024)
        if data:
            os.write(fd, data)
        else:
            open_fds.remove(stdin)
    if status is None:
        done, status_raw = os.waitpid(pid, os.WNOHANG)
        if done:
            status = status_raw
    if status is not None and fd not in open_fds:
        break
    if status is not None and fd in open_fds and not ready:
        break
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
