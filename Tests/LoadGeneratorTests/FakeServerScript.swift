// SPDX-License-Identifier: Apache-2.0

/// A small Python stand-in for the app server (APP_API.md) and S3, used until
/// the real ones can be started from these tests. Faults are chosen by the key:
/// `fail503xN` (first N requests answer 503 SlowDown), `delayNms` (answer N ms
/// after the body), `nosuchbucket` (404 XML), `jsonerr` (400 JSON),
/// `expire` (multipart part 2's first URL answers 403 "Request has expired"),
/// `dropidle` (the connection is closed after the answer, which does not say so).
/// Every stored object and every new concurrency peak goes to a JSON-lines log.
enum FakeServerScript {
    static let source = #"""
import hashlib, json, re, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs, unquote

LOG = open(sys.argv[1], "a", buffering=1)
LOCK = threading.Lock()
STATE = {"active": 0, "peak": 0, "hits": {}, "objects": {}, "parts": {}, "uploads": 0}

def log(**event):
    with LOCK:
        LOG.write(json.dumps(event) + "\n")

def hit(name):
    with LOCK:
        STATE["hits"][name] = STATE["hits"].get(name, 0) + 1
        return STATE["hits"][name]

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = b""
        while len(data) < length:
            chunk = self.rfile.read(min(1 << 20, length - len(data)))
            if not chunk: break
            data += chunk
        return data

    def answer(self, status, body=b"", ctype="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if body: self.send_header("Content-Type", ctype)
        for name, value in headers: self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def json(self, status, obj):
        self.answer(status, json.dumps(obj).encode())

    def s3_error(self, status, code, message):
        xml = "<?xml version=\"1.0\"?><Error><Code>%s</Code><Message>%s</Message></Error>" % (code, message)
        self.answer(status, xml.encode(), "application/xml")

    def faults(self, key, data_read):
        m = re.search(r"fail503x(\d+)", key)
        if m and hit("503:" + key) <= int(m.group(1)):
            self.s3_error(503, "SlowDown", "Please reduce your request rate."); return True
        if "nosuchbucket" in key:
            self.s3_error(404, "NoSuchBucket", "The specified bucket does not exist"); return True
        if "jsonerr" in key:
            self.json(400, {"error": "InvalidKey", "message": "bad key"}); return True
        m = re.search(r"delay(\d+)ms", key)
        if m: time.sleep(int(m.group(1)) / 1000)
        return False

    def enter(self):
        with LOCK:
            STATE["active"] += 1
            if STATE["active"] > STATE["peak"]:
                STATE["peak"] = STATE["active"]
                LOG.write(json.dumps({"event": "peak", "value": STATE["peak"]}) + "\n")

    def leave(self):
        with LOCK: STATE["active"] -= 1

    def store(self, key, data, etag=None):
        etag = etag or hashlib.md5(data).hexdigest()
        with LOCK: STATE["objects"][key] = (len(data), etag)
        log(event="store", key=key, size=len(data), md5=hashlib.md5(data).hexdigest(), etag=etag)
        return etag

    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def do_PUT(self):
        self.enter()
        try: self.put()
        finally: self.leave()

    def do_POST(self):
        self.enter()
        try: self.post()
        finally: self.leave()

    def put(self):
        url = urlparse(self.path); path = unquote(url.path); query = parse_qs(url.query)
        if path.startswith("/s3mp/"):
            _, _, upload, part = path.split("/", 3)
            data = self.body()
            if "expire" in upload and part == "2" and "fresh" not in query:
                self.s3_error(403, "AccessDenied", "Request has expired"); return
            if self.faults(upload, True): return
            md5 = hashlib.md5(data).hexdigest()
            with LOCK: STATE["parts"][(upload, int(part))] = (len(data), md5)
            self.answer(200, headers=[("ETag", '"%s"' % md5)]); return
        data = self.body()
        key = path[len("/upload/"):] if path.startswith("/upload/") else path.lstrip("/")
        if self.faults(key, True): return
        if path.startswith("/upload/"):
            etag = self.store("uploads/" + key, data)
            self.json(200, {"key": "uploads/" + key, "size": len(data), "etag": '"%s"' % etag}); return
        if path.startswith("/s3/") and self.headers.get("x-amz-meta-client") != "loadgen":
            self.s3_error(403, "SignatureDoesNotMatch", "missing signed header"); return
        etag = self.store(key[len("s3/"):] if path.startswith("/s3/") else key, data)
        self.answer(200, headers=[("ETag", '"%s"' % etag)])
        # The client keeps the connection in its pool until it sees it closed.
        if "dropidle" in key: self.close_connection = True

    def post(self):
        url = urlparse(self.path); path = url.path
        data = self.body()
        if path == "/s3post":
            self.form_post(data); return
        req = json.loads(data or b"{}")
        key = req.get("key", "")
        # Like the real app server, follow-up routes take the full key it answered with.
        if path in ("/multipart/part-url", "/multipart/complete", "/multipart/abort", "/uploads/confirm"):
            if not key.startswith("uploads/"):
                self.json(400, {"error": "InvalidKey", "message": "the key is outside the prefix"}); return
            key = key[len("uploads/"):]
        if self.faults(key, True): return
        if path == "/presign":
            self.json(200, {"url": self.base() + "/s3/uploads/" + key + "?X-Amz-Signature=abc", "method": "PUT",
                            "headers": {"Content-Type": req["content_type"], "x-amz-meta-client": "loadgen"},
                            "expires_at": "2030-01-01T00:00:00Z", "key": "uploads/" + key})
        elif path == "/presign/post":
            self.json(200, {"url": self.base() + "/s3post", "expires_at": "2030-01-01T00:00:00Z", "key": "uploads/" + key,
                            "fields": {"key": "uploads/" + key, "Content-Type": req["content_type"], "policy": "e30=",
                                       "x-amz-signature": "abc"}})
        elif path == "/multipart/create":
            with LOCK:
                STATE["uploads"] += 1; upload = "%s-%d" % (key.replace("/", "_"), STATE["uploads"])
            part_size = req.get("part_size") or 1048576
            count = max(1, -(-req["size"] // part_size))
            parts = [] if req["urls"] == "on_demand" else [
                {"part_number": n, "url": "%s/s3mp/%s/%d" % (self.base(), upload, n)} for n in range(1, count + 1)]
            self.json(200, {"key": "uploads/" + key, "upload_id": upload, "part_size": part_size,
                            "part_count": count, "parts": parts, "expires_at": "2030-01-01T00:00:00Z"})
        elif path == "/multipart/part-url":
            self.json(200, {"part_number": req["part_number"], "expires_at": "2030-01-01T00:00:00Z",
                            "url": "%s/s3mp/%s/%d?fresh=1" % (self.base(), req["upload_id"], req["part_number"])})
        elif path == "/multipart/complete":
            with LOCK: parts = [STATE["parts"][(req["upload_id"], p["part_number"])] for p in req["parts"]]
            md5s = b"".join(bytes.fromhex(md5) for _, md5 in parts)
            etag = hashlib.md5(md5s).hexdigest() + "-%d" % len(parts)
            size = sum(n for n, _ in parts)
            with LOCK: STATE["objects"]["uploads/" + key] = (size, etag)
            log(event="complete", key="uploads/" + key, size=size, etag=etag, part_md5s=[m for _, m in parts])
            self.json(200, {"key": "uploads/" + key, "etag": '"%s"' % etag, "size": size})
        elif path == "/multipart/abort":
            log(event="abort", key=key)
            self.answer(204)
        elif path == "/uploads/confirm":
            with LOCK: found = STATE["objects"].get("uploads/" + key)
            if not found: self.json(404, {"error": "NoSuchKey", "message": "absent"}); return
            self.json(200, {"key": "uploads/" + key, "size": found[0], "etag": '"%s"' % found[1]})
        else:
            self.json(404, {"error": "NotFound", "message": path})

    def form_post(self, data):
        boundary = self.headers["Content-Type"].split("boundary=", 1)[1].encode()
        pieces = data.split(b"--" + boundary)
        fields, names, file_data = {}, [], None
        for piece in pieces[1:]:
            if piece.startswith(b"--"): break
            head, _, value = piece[2:].partition(b"\r\n\r\n")
            value = value[:-2]
            name = re.search(rb'name="([^"]+)"', head).group(1).decode()
            names.append(name)
            if name == "file": file_data = value
            else: fields[name] = value.decode()
        if file_data is None or names[-1] != "file":
            self.s3_error(400, "InvalidArgument", "file must be the last field"); return
        etag = self.store(fields["key"], file_data)
        self.answer(204, headers=[("ETag", '"%s"' % etag), ("Location", "/" + fields["key"])])

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("PORT %d" % server.server_address[1], flush=True)
server.serve_forever()
"""#
}
