#!/usr/bin/env python3
"""A messenger that implements hutong's ITI messenger role, written from
docs/implementers-guide.md with the Python standard library only.

    python3 messenger.py --port 0        # prints "listening on 127.0.0.1:PORT"
    hutong certify --target http://127.0.0.1:PORT/iti/v1

It keeps every session in memory. Every outbound request a session causes
(link previews, the malicious-link list) goes through the session's
network.proxy_url, credential included, with urllib's ProxyHandler.
"""

import argparse
import html.parser
import json
import re
import secrets
import sys
import threading
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = "hutong example: python-messenger"
VERSION = "0.1.0"
ROOT = "/iti/v1"

# A link runs from http:// or https:// to the first white space, angle
# bracket, double quote or non-ASCII punctuation mark (guide, section 5:
# "Finding links"). It may hold raw non-ASCII letters.
LINK = re.compile(r'https?://[^\s<>"]+')
# Trailing ASCII punctuation ends a sentence rather than a link.
TRAILING = ".,:;!?*_~"


def find_links(text):
    """The links of a message, delimited as the guide says."""
    out, pos = [], 0
    while True:
        m = LINK.search(text, pos)
        if m is None:
            return out
        link = m.group(0)
        for i, ch in enumerate(link):
            if ord(ch) >= 0x80 and unicodedata.category(ch).startswith("P"):
                link = link[:i]
                break
        while link and (link[-1] in TRAILING or (link[-1] == ")" and link.count(")") > link.count("("))):
            link = link[:-1]
        # What follows the link (punctuation, or another link) is read again.
        pos = m.start() + max(len(link), 1)
        if not link.endswith("://"):
            out.append(link)

# Links longer than this are shown as a short link on our own origin, which
# redirects to the original (guide, section 5: a "safe redirect" of your own).
SHORTEN_OVER = 120

# OpenGraph properties shown in a preview, the same for every provider.
PREVIEW_FIELDS = {
    "og:title": "title",
    "og:site_name": "site",
    "og:image": "image",
    "product:price:amount": "price",
    "product:price:currency": "currency",
}

OUTBOUND_TIMEOUT = 5  # seconds
MAX_BODY = 1 << 20


class Problem(Exception):
    """An ITI error, answered as RFC 9457 problem details."""

    def __init__(self, status, title):
        super().__init__(title)
        self.status = status
        self.title = title


class MetaReader(html.parser.HTMLParser):
    """Collects <meta property=... content=...> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        if tag != "meta":
            return
        a = dict(attrs)
        prop, content = a.get("property"), a.get("content")
        if prop in PREVIEW_FIELDS and content:
            self.meta.setdefault(PREVIEW_FIELDS[prop], content)


def to_uri(iri):
    """Percent-encodes what a request line cannot carry (raw non-ASCII,
    spaces), leaving existing escapes and URL syntax alone."""
    return urllib.parse.quote(iri, safe=":/?#[]@!$&'()*+,;=%~")


def same_link(a, b):
    """Whether two URLs name the same resource: exactly equal, or equal once
    percent-escapes are decoded and scheme and host are lowercased."""
    if a == b:
        return True

    def norm(u):
        p = urllib.parse.urlsplit(urllib.parse.unquote(u))
        return (p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, p.fragment)

    try:
        return norm(a) == norm(b)
    except ValueError:
        return False


class Session:
    def __init__(self, sid, fixtures, proxy_url):
        self.id = sid
        # A session opened for another role has no messenger fixtures; its
        # messenger calls are answered 400.
        self.has_messenger = fixtures is not None
        fixtures = fixtures or {}
        self.affiliated = {h.lower() for h in fixtures.get("affiliated_hosts") or []}
        self.list_url = fixtures.get("malicious_list_url") or ""
        # One opener per session: its proxy carries this session's credential.
        # With no network fixture the mocks are reached directly (and no
        # proxy from the environment is used).
        proxies = {"http": proxy_url, "https": proxy_url} if proxy_url else {}
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler(proxies))
        self.lock = threading.Lock()
        self.conversations = {}
        self.reports = []
        self.seq = 0

    def next_id(self, prefix):
        with self.lock:
            self.seq += 1
            return f"{prefix}{self.seq}"

    def fetch(self, url):
        """GETs url through the session's proxy; None if it cannot be read."""
        req = urllib.request.Request(to_uri(url), headers={"User-Agent": "python-messenger/" + VERSION})
        try:
            with self.opener.open(req, timeout=OUTBOUND_TIMEOUT) as resp:
                if resp.status != 200:
                    return None
                return resp.read(MAX_BODY)
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def malicious_list(self):
        """The shared list as {url: reason}, read afresh: entries are added
        during the session. An unreadable list justifies no warning."""
        if not self.list_url:
            return {}
        body = self.fetch(self.list_url)
        if body is None:
            return {}
        try:
            entries = json.loads(body).get("entries") or []
            return {e["url"]: e.get("reason", "") for e in entries if isinstance(e, dict) and e.get("url")}
        except (ValueError, AttributeError, TypeError):
            return {}

    def preview(self, url):
        body = self.fetch(url)
        if body is None:
            return {}
        reader = MetaReader()
        try:
            reader.feed(body.decode("utf-8", "replace"))
        except Exception:  # a broken page gives no preview, for anyone
            return {}
        return reader.meta


class Messenger:
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions = {}
        self.short = {}  # code -> target URL

    def session(self, sid):
        with self.lock:
            s = self.sessions.get(sid)
        if s is None:
            raise Problem(404, "no such session")
        return s

    def shorten(self, base, target):
        code = secrets.token_hex(5)
        with self.lock:
            self.short[code] = target
        return f"{base}/s/{code}"

    # --- ITI operations ---

    def open_session(self, req):
        if not isinstance(req, dict) or not isinstance(req.get("label"), str):
            raise Problem(400, "a session request needs a label")
        proxy_url = ""
        network = req.get("network")
        if network is not None:
            proxy_url = (network or {}).get("proxy_url") or ""
            p = urllib.parse.urlsplit(proxy_url)
            if p.scheme not in ("http", "https") or not p.hostname:
                raise Problem(400, "network.proxy_url must be an http(s) URL with a host")
        sid = secrets.token_hex(12)
        s = Session(sid, req.get("messenger"), proxy_url)
        with self.lock:
            self.sessions[sid] = s
        return {"session_id": sid}

    def close_session(self, sid):
        with self.lock:
            if self.sessions.pop(sid, None) is None:
                raise Problem(404, "no such session")

    def messenger(self, sid):
        s = self.session(sid)
        if not s.has_messenger:
            raise Problem(400, "the session was opened without messenger fixtures")
        return s

    def create_conversation(self, s, req):
        kind, members = req.get("kind"), req.get("members")
        if kind not in ("direct", "group"):
            raise Problem(400, f"unknown conversation kind {kind!r}")
        if not isinstance(members, list) or len(members) < 2 or (kind == "direct" and len(members) != 2):
            raise Problem(400, "wrong number of members")
        cid = s.next_id("c")
        with s.lock:
            s.conversations[cid] = {"kind": kind, "members": set(members), "messages": {}}
        return {"conversation_id": cid}

    def conversation(self, s, cid):
        with s.lock:
            c = s.conversations.get(cid)
        if c is None:
            raise Problem(404, "no such conversation")
        return c

    def post_message(self, s, cid, req, base):
        c = self.conversation(s, cid)
        sender, text = req.get("sender"), req.get("text")
        if not isinstance(text, str):
            raise Problem(400, "a message needs a text")
        if sender not in c["members"]:
            raise Problem(400, "the sender is not a member of the conversation")
        found = find_links(text)
        listed = s.malicious_list() if found else {}
        links = [self.present(s, i, raw, listed, base) for i, raw in enumerate(found)]
        mid = s.next_id("m")
        with s.lock:
            c["messages"][mid] = {"sender": sender, "text": text, "links": links}
        return {"message_id": mid}

    def present(self, s, index, raw, listed, base):
        """How a link is shown: the same way whoever provides it. Only the
        published list may put a warning in front of it."""
        link = {
            "index": index,
            "original_url": raw,  # exactly as in the text
            "shown_text": raw,
            "access": "direct",
            "taps": 1,
            "opens_url": raw,
            "instruction": "",
            "warning": {"level": "none", "reason": ""},
            "preview": {},
            "report_available": True,
        }
        reason = next((r for u, r in listed.items() if same_link(u, raw)), None)
        if reason is not None:
            link.update(access="interstitial", taps=2, warning={
                "level": "danger",
                "reason": "On the shared list of known malicious links: " + (reason or "no reason given"),
            })
            return link  # a listed page is not fetched for a preview
        link["preview"] = s.preview(raw)
        if len(raw) > SHORTEN_OVER:
            link["shown_text"] = link["opens_url"] = self.shorten(base, to_uri(raw))
        return link

    def read_message(self, s, cid, mid, viewer):
        c = self.conversation(s, cid)
        with s.lock:
            m = c["messages"].get(mid)
        if m is None:
            raise Problem(404, "no such message")
        if viewer not in c["members"]:
            raise Problem(404, "the viewer is not a member of the conversation")
        shown = m["text"]
        for link in m["links"]:
            shown = shown.replace(link["original_url"], link["shown_text"], 1)
        return {"message_id": mid, "sender": m["sender"], "viewer": viewer, "text_shown": shown, "links": m["links"]}

    def report_link(self, s, cid, mid, index, req):
        c = self.conversation(s, cid)
        with s.lock:
            m = c["messages"].get(mid)
        if m is None or not 0 <= index < len(m["links"]):
            raise Problem(404, "no such link")
        reporter = req.get("reporter")
        if reporter not in c["members"]:
            raise Problem(400, "the reporter is not a member of the conversation")
        r = {
            "report_id": s.next_id("r"),
            "conversation_id": cid,
            "message_id": mid,
            "link_index": index,
            "url": m["links"][index]["original_url"],
            "reporter": reporter,
            "reason": str(req.get("reason", "")),
            "status": "received",
        }
        with s.lock:
            s.reports.append(r)
        return r

    def list_reports(self, s):
        with s.lock:
            return {"reports": list(s.reports)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every answer has a Content-Length
    server_version = "python-messenger/" + VERSION
    messenger = None  # set by serve()
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    # --- plumbing ---

    def send(self, status, body=None, content_type="application/json", headers=None):
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 204 and self.command != "HEAD":
            self.wfile.write(data)

    def problem(self, status, title):
        self.send(status, {"title": title, "status": status}, "application/problem+json")

    def read_body(self):
        """Reads the whole request body first, so that an early error never
        leaves part of it on a kept-alive connection."""
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self.close_connection = True
            raise Problem(413 if n > 0 else 400, "unreadable or too large request body")
        self.raw = self.rfile.read(n) if n else b""

    def body(self):
        try:
            v = json.loads(self.raw or b"null")
        except ValueError as e:
            raise Problem(400, f"the request body is not valid JSON: {e}")
        if not isinstance(v, dict):
            raise Problem(400, "the request body must be a JSON object")
        return v

    def base(self):
        """Our own origin as the caller reached it: the links we hand out
        must be on it (guide, section 4: "URLs you hand out")."""
        return "http://" + (self.headers.get("Host") or "%s:%d" % self.server.server_address[:2])

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        query = urllib.parse.parse_qs(url.query)
        return url.path, parts, query

    def dispatch(self):
        try:
            self.read_body()
            self.handle_request()
        except Problem as p:
            self.problem(p.status, p.title)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:  # our own fault: say so rather than hang up
            self.problem(500, f"internal error: {e!r}")

    do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = dispatch

    def handle_request(self):
        m = self.messenger
        path, p, query = self.route()
        verb = self.command
        root = ROOT.strip("/").split("/")  # ["iti", "v1"]

        # Short links on our own origin: /s/{code}.
        if verb in ("GET", "HEAD") and len(p) == 2 and p[0] == "s":
            with m.lock:
                target = m.short.get(p[1])
            if target is None:
                raise Problem(404, "no such link")
            self.send(302, {"location": target}, headers={"Location": target})
            return

        if p[: len(root)] != root:
            raise Problem(404, "not found")
        p = p[len(root):]

        if not p:  # discovery, with or without the trailing slash
            if verb not in ("GET", "HEAD"):
                raise Problem(405, "discovery is GET")
            self.send(200, {"iti_version": "1",
                            "implementation": {"name": NAME, "version": VERSION, "vendor": "hutong examples"},
                            "roles": ["messenger"]})
            return
        if p[0] != "sessions":
            raise Problem(404, "not found")
        if len(p) == 1:
            if verb != "POST":
                raise Problem(405, "open a session with POST")
            self.send(201, m.open_session(self.body()))
            return
        sid = p[1]
        if len(p) == 2:
            if verb != "DELETE":
                raise Problem(405, "close a session with DELETE")
            m.close_session(sid)
            self.send(204)
            return
        if p[2] != "messenger":
            m.session(sid)  # an unknown session is 404 before anything else
            raise Problem(404, f"this implementation has no {p[2]} role")
        s = m.messenger(sid)
        rest = p[3:]
        if rest == ["conversations"] and verb == "POST":
            self.send(201, m.create_conversation(s, self.body()))
        elif len(rest) == 3 and rest[0] == "conversations" and rest[2] == "messages" and verb == "POST":
            self.send(201, m.post_message(s, rest[1], self.body(), self.base()))
        elif len(rest) == 4 and rest[0] == "conversations" and rest[2] == "messages" and verb == "GET":
            viewer = (query.get("viewer") or [""])[0]
            self.send(200, m.read_message(s, rest[1], rest[3], viewer))
        elif (len(rest) == 7 and rest[0] == "conversations" and rest[2] == "messages" and rest[4] == "links"
              and rest[6] == "reports" and verb == "POST"):
            try:
                index = int(rest[5])
            except ValueError:
                raise Problem(400, "the link index is not a number")
            self.send(201, m.report_link(s, rest[1], rest[3], index, self.body()))
        elif rest == ["reports"] and verb == "GET":
            self.send(200, m.list_reports(s))
        else:
            raise Problem(404, "not found")


def serve(host, port, verbose=False):
    Handler.messenger = Messenger()
    Handler.verbose = verbose
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    h, p = server.server_address[:2]
    print(f"listening on {h}:{p}", flush=True)
    print(f"ITI root: http://{h}:{p}{ROOT}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default 8080)")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args()
    serve(args.host, args.port, args.verbose)


if __name__ == "__main__":
    main()
