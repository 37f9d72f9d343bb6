#!/usr/bin/env python3
"""A dispatch-side receiver of Milepost hit notices (docs/WEBHOOKS.md), as a CAD integrator
would write it: checks the signature and its time, de-duplicates on Idempotency-Key, checks
the body against docs/hit-notice.schema.json, and appends one JSON line per accepted notice
to OUT. tools/unit-smoke runs it against a live unit.

Usage: webhook-receiver.py PORT SECRET_FILE OUT"""
import hashlib, hmac, http.server, json, pathlib, sys, time

port, secret, out = int(sys.argv[1]), pathlib.Path(sys.argv[2]).read_bytes().strip(), sys.argv[3]
schema = json.loads((pathlib.Path(__file__).resolve().parent.parent / "docs/hit-notice.schema.json").read_text())
try:
    import jsonschema
except ImportError:
    jsonschema = None
seen = set()

def verified(header, body):
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if abs(time.time() - int(fields.get("t", "0"))) > 300:
        return False  # outside the replay window
    expected = hmac.new(secret, fields["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))

class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if not verified(self.headers.get("X-Milepost-Signature", ""), body):
            return self.answer(401)
        key = self.headers["Idempotency-Key"]
        if key not in seen:
            notice = json.loads(body)
            if jsonschema:
                jsonschema.validate(notice, schema)
            seen.add(key)
            with open(out, "a") as log:
                log.write(json.dumps({"id": key, "plate": notice["notice"]["plate"], "schemaChecked": jsonschema is not None}) + "\n")
        self.answer(200)

    def answer(self, status):
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
