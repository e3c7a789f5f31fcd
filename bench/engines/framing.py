#!/usr/bin/env python3
"""framing.py - send hostile HTTP/1.1 framing to a server, raw, and say
what it answered; for bench/engines.sh.

    framing.py PORT ADVICE_FILE RECORDS_FILE [LOG]

PORT is on 127.0.0.1. ADVICE_FILE and RECORDS_FILE are the bodies the
server answers GET /advice and GET /records with (so an answer can be
named). LOG, if given, is the server's stderr, where the engine servers of
bench/engines/ write "echo ran: N bytes" (or "echo aborted: N bytes") when
their POST /echo handler finishes: it tells whether a broken body reached
the application.

Prints one line per case, tab-separated:

    CASE<TAB>ANSWERS<TAB>AFTER<TAB>HANDLER

ANSWERS: the status code of every response read, in order, each with what
it carried ("200 advice", "200 echo=30", "400"), or "no answer" / "closed"
(the server closed without answering) / "reset"; AFTER: whether the
connection stayed open ("open": a following GET /advice was answered 200);
HANDLER: what the /echo handler logged, "-" for nothing, "n/a" without LOG.
Every read has a deadline; nothing here waits longer than a few seconds.
"""
import socket
import sys
import time

ANSWER_S = 2.0   # the longest wait for a first answer
EXTRA_S = 0.3    # after a complete answer: the wait for any more


def parse_responses(data):
    """Split data into (status, body) pairs as far as it holds complete
    responses; return them and whether the last one was cut short."""
    out = []
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return out, True
        head = data[:end].decode("latin-1")
        lines = head.split("\r\n")
        parts = lines[0].split(" ", 2)
        status = parts[1] if len(parts) > 1 else "?"
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        rest = data[end + 4:]
        if "content-length" in fields:
            n = int(fields["content-length"])
            if len(rest) < n:
                return out, True
            out.append((status, rest[:n]))
            data = rest[n:]
        elif "chunked" in fields.get("transfer-encoding", "").lower():
            body = b""
            while True:
                crlf = rest.find(b"\r\n")
                if crlf < 0:
                    return out, True
                size = int(rest[:crlf].split(b";")[0] or b"0", 16)
                if len(rest) < crlf + 2 + size + 2:
                    return out, True
                body += rest[crlf + 2:crlf + 2 + size]
                rest = rest[crlf + 2 + size + 2:]
                if size == 0:
                    break
            out.append((status, body))
            data = rest
        elif status in ("204", "304") or status.startswith("1"):
            out.append((status, b""))
            data = rest
        else:
            # No framing: the body runs to the close.
            out.append((status, rest))
            return out, True
    return out, False


def read_answers(sock, answer_s=ANSWER_S):
    """Read until the responses are complete and EXTRA_S passes with no
    more, or answer_s passes with none; return (data, how it ended):
    "eof", "reset" or "open"."""
    data = b""
    start = time.monotonic()
    last = None
    while True:
        now = time.monotonic()
        complete = data and not parse_responses(data)[1]
        if complete and last is not None and now - last >= EXTRA_S:
            return data, "open"
        if now - start >= answer_s and not complete:
            return data, "open"
        wait = EXTRA_S if complete else answer_s - (now - start)
        sock.settimeout(max(0.01, wait))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            if complete:
                return data, "open"
            continue
        except (ConnectionResetError, BrokenPipeError):
            return data, "reset"
        if not chunk:
            return data, "eof"
        data += chunk
        last = time.monotonic()


def describe(data, ended, files):
    """The ANSWERS text for what was read."""
    resp, cut = parse_responses(data)
    names = []
    for status, body in resp:
        if body == files[0]:
            names.append(status + " advice")
        elif body == files[1]:
            names.append(status + " records")
        elif status == "200" and body.isdigit():
            names.append("200 echo=" + body.decode())
        else:
            names.append(status)
    if cut:
        names.append("(cut-off answer)")
    if not names:
        return {"eof": "closed", "reset": "reset"}.get(ended, "no answer")
    return ", ".join(names)


def log_size(path):
    try:
        with open(path, "rb") as f:
            return len(f.read())
    except OSError:
        return 0


def handler_said(path, since):
    """What the server logged about /echo after offset since."""
    if not path:
        return "n/a"
    time.sleep(0.1)
    with open(path, "rb") as f:
        text = f.read()[since:].decode("latin-1")
    said = [line.replace("echo ", "") for line in text.splitlines()
            if line.startswith("echo ")]
    return "; ".join(said) if said else "-"


def run_case(port, name, payload, files, log, half_close=False,
             follow=True):
    since = log_size(log) if log else 0
    sock = socket.create_connection(("127.0.0.1", port), timeout=2)
    try:
        sock.sendall(payload)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        data, ended = read_answers(sock)
        answers = describe(data, ended, files)
        if ended == "eof":
            after = "closed"
        elif ended == "reset":
            after = "reset"
        elif half_close:
            after = "open (half-closed by us)"
        elif not follow:
            after = "open"
        else:
            try:
                sock.sendall(b"GET /advice HTTP/1.1\r\nHost: x\r\n\r\n")
                more, ended2 = read_answers(sock)
            except (BrokenPipeError, ConnectionResetError):
                more, ended2 = b"", "reset"
            resp, _ = parse_responses(more)
            if any(s == "200" and b == files[0] for s, b in resp):
                after = "open"
            elif ended2 in ("eof", "reset"):
                after = "closed after the next request" + (
                    " (answered " + describe(more, ended2, files) + ")"
                    if resp else "")
            else:
                after = "open, next request: " + describe(more, ended2,
                                                          files)
    finally:
        sock.close()
    print("\t".join([name, answers, after, handler_said(log, since)]))
    sys.stdout.flush()


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    port = int(sys.argv[1])
    files = [open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()]
    log = sys.argv[4] if len(sys.argv) == 5 else None
    smuggled = b"0\r\n\r\nGET /records HTTP/1.1\r\nHost: x\r\n\r\n"
    cases = [
        # Content-Length covers the whole body; chunked ends it after
        # "0\r\n\r\n", leaving a GET /records to be read as a request.
        ("cl_te", b"POST /echo HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n"
         % len(smuggled) + smuggled, {}),
        ("two_cl", b"POST /echo HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: 5\r\nContent-Length: 12\r\n\r\nhelloworld!!", {}),
        ("space_colon", b"GET /advice HTTP/1.1\r\nHost : x\r\n\r\n", {}),
        ("absolute", b"GET http://127.0.0.1:%d/advice HTTP/1.1\r\n"
         b"Host: 127.0.0.1:%d\r\n\r\n" % (port, port), {}),
        ("no_host", b"GET /advice HTTP/1.1\r\n\r\n", {}),
        ("nul_path", b"GET /advice%00.js HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        ("short_body", b"POST /echo HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: 50\r\n\r\n" + b"x" * 30, {"half_close": True}),
        ("oversize", b"POST /echo HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: 100000000\r\n\r\n" + b"x" * 1000,
         {"follow": False}),
    ]
    for name, payload, opts in cases:
        try:
            run_case(port, name, payload, files, log, **opts)
        except OSError as e:
            print("\t".join([name, "error: " + str(e), "-", "-"]))


if __name__ == "__main__":
    main()
