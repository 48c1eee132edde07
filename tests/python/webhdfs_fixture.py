"""Starts the WebHDFS test server (tests/storage/webhdfs_server.py) for a test."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

SERVER = Path(__file__).resolve().parents[1] / "storage" / "webhdfs_server.py"


class WebHdfs:
    def __init__(self, root, page_size=2, token=None, require_header=None):
        args = ["/usr/bin/python3", str(SERVER), "--root", str(root), "--page-size", str(page_size)]
        if token:
            args += ["--token", token]
        if require_header:
            args += ["--require-header", require_header]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        ports = json.loads(self.proc.stdout.readline())
        self.url = "http://127.0.0.1:%d" % ports["namenode"]

    def control(self, what, body=None):
        req = urllib.request.Request(self.url + "/_control/" + what, data=json.dumps(body or {}).encode(), method="POST")
        urllib.request.urlopen(req).read()

    def stats(self):
        return json.loads(urllib.request.urlopen(self.url + "/_control/stats").read())

    def close(self):
        self.proc.kill()
        self.proc.wait()
