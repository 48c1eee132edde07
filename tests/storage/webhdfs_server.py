#!/usr/bin/env python3
"""A WebHDFS test server (WebHDFS.md), serving a local directory as HDFS.

Two HTTP servers on 127.0.0.1 only: a NameNode (metadata operations; OPEN and CREATE answer
307 to the DataNode) and a DataNode (the bytes). Errors are RemoteException JSON bodies with
the status codes Hadoop uses. LISTSTATUS_BATCH pages with a small page size.

Start: webhdfs_server.py --root DIR [--page-size N] [--token T] [--require-user]
                        [--require-header NAME=VALUE]
--require-header puts the NameNode behind an authenticating gateway (as Apache Knox or a
reverse proxy does): a request without that header gets the gateway's own 401, plain text.
It prints one JSON line: {"namenode": PORT, "datanode": PORT} and serves until killed.

Control (on the NameNode port, for tests and benchmarks):
  GET  /_control/stats          {"total": n, "ops": {"GETFILESTATUS": n, "DN_OPEN": n, ...}}
  POST /_control/stats/reset
  POST /_control/faults         JSON, each a count of the next requests it applies to:
       {"status": 503, "fail": n}   answer `status` (with a RemoteException) to n requests
       {"delay_ms": d, "slow": n}   wait d ms before answering n requests
       {"drop": n}                  close the connection without an answer
       {"truncate": n}              promise more bytes than are sent, then close
       {"hang": n}                  hold the request for 60 s
  POST /_control/reset          clear all faults
"""

import argparse
import json
import os
import shutil
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATS = {"total": 0, "ops": {}}
FAULTS = {"fail": 0, "status": 503, "slow": 0, "delay_ms": 0, "drop": 0, "truncate": 0, "hang": 0}
CONFIG = {"root": "", "page_size": 2, "token": None, "require_user": False, "datanode_port": 0,
          "require_header": None}


class Fault(Exception):
    pass


def remote_exception(status, exception, java_class, message):
    body = json.dumps({"RemoteException": {"exception": exception, "javaClassName": java_class, "message": message}})
    return status, body


def take_fault():
    """Returns the fault for this request, consuming one count."""
    with LOCK:
        for name in ("hang", "drop", "truncate", "fail", "slow"):
            if FAULTS[name] > 0:
                FAULTS[name] -= 1
                return name
    return None


def local_path(hdfs_path):
    # Normalised against "/" first, so ".." cannot leave the served directory.
    rel = os.path.normpath("/" + hdfs_path).lstrip("/")
    return os.path.join(CONFIG["root"], rel)


def file_status(full, name):
    st = os.stat(full)
    is_dir = os.path.isdir(full)
    return {
        "accessTime": int(st.st_atime * 1000),
        "blockSize": 0 if is_dir else 134217728,
        "childrenNum": len(os.listdir(full)) if is_dir else 0,
        "fileId": st.st_ino,
        "group": "supergroup",
        "length": 0 if is_dir else st.st_size,
        "modificationTime": st.st_mtime_ns // 1000000,
        "owner": "flink",
        "pathSuffix": name,
        "permission": "755" if is_dir else "644",
        "replication": 0 if is_dir else 3,
        "storagePolicy": 0,
        "type": "DIRECTORY" if is_dir else "FILE",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Jetty(9.4.x)"
    role = "NN"

    def log_message(self, fmt, *args):  # quiet
        pass

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # -- plumbing -----------------------------------------------------------------------
    def send(self, status, body=b"", content_type="application/json", headers=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def apply_fault(self):
        fault = take_fault()
        if fault is None:
            return False
        if fault == "hang":
            time.sleep(60)
            self.close_connection = True
            return True
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"FileStatus": {"ty')
            self.close_connection = True
            return True
        if fault == "slow":
            time.sleep(FAULTS["delay_ms"] / 1000.0)
            return False
        status = FAULTS["status"]
        self.send(status, remote_exception(status, "StandbyException" if status == 503 else "IOException",
                                           "org.apache.hadoop.ipc.StandbyException", "injected failure")[1])
        return True

    def count(self, op):
        with LOCK:
            STATS["total"] += 1
            key = ("DN_" if self.role == "DN" else "") + op
            STATS["ops"][key] = STATS["ops"].get(key, 0) + 1

    # -- control ------------------------------------------------------------------------
    def control(self):
        path = self.path.split("?")[0]
        if path == "/_control/stats" and self.command == "GET":
            with LOCK:
                return self.send(200, json.dumps(STATS))
        if path == "/_control/stats/reset":
            with LOCK:
                STATS["total"] = 0
                STATS["ops"] = {}
            return self.send(200, "{}")
        if path == "/_control/faults":
            req = json.loads(self.read_body() or b"{}")
            with LOCK:
                for k, v in req.items():
                    if k in FAULTS:
                        FAULTS[k] = int(v)
            return self.send(200, "{}")
        if path == "/_control/reset":
            with LOCK:
                FAULTS.update({"fail": 0, "status": 503, "slow": 0, "delay_ms": 0, "drop": 0, "truncate": 0, "hang": 0})
            return self.send(200, "{}")
        return self.send(404, "{}")

    # -- WebHDFS ------------------------------------------------------------------------
    def handle_any(self):
        if self.path.startswith("/_control/"):
            return self.control()
        parsed = urllib.parse.urlparse(self.path)
        if not parsed.path.startswith("/webhdfs/v1"):
            return self.send(404, json.dumps({"RemoteException": {"exception": "FileNotFoundException",
                                                                   "javaClassName": "java.io.FileNotFoundException",
                                                                   "message": "not a WebHDFS URL"}}))
        hdfs_path = urllib.parse.unquote(parsed.path[len("/webhdfs/v1"):]) or "/"
        q = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}
        op = q.get("op", "").upper()
        self.count(op or "?")
        need = CONFIG["require_header"]
        if self.role == "NN" and need is not None and self.headers.get(need[0]) != need[1]:
            return self.send(401, b"401 Unauthorized: the gateway requires authentication\n", "text/plain")
        body = self.read_body() if self.command in ("PUT", "POST") else b""
        if self.apply_fault():
            return
        try:
            status, payload, headers, ctype = self.dispatch(hdfs_path, op, q, body)
        except FileNotFoundError:
            status, payload = remote_exception(404, "FileNotFoundException", "java.io.FileNotFoundException",
                                               "File does not exist: " + hdfs_path)
            headers, ctype = None, "application/json"
        except ValueError as e:
            status, payload = remote_exception(400, "IllegalArgumentException", "java.lang.IllegalArgumentException", str(e))
            headers, ctype = None, "application/json"
        self.send(status, payload, ctype, headers)

    def authorised(self, q):
        token = CONFIG["token"]
        if token is not None:
            given = q.get("delegation")
            if given is None:
                return remote_exception(401, "SecurityException", "java.lang.SecurityException",
                                        "Failed to obtain user group information: no delegation token")
            if given != token:
                return remote_exception(403, "InvalidToken", "org.apache.hadoop.security.token.SecretManager$InvalidToken",
                                        "token is expired or does not exist")
        elif CONFIG["require_user"] and not q.get("user.name"):
            return remote_exception(401, "SecurityException", "java.lang.SecurityException",
                                    "Failed to obtain user group information: user.name is missing")
        return None

    def dispatch(self, hdfs_path, op, q, body):
        if self.role == "NN":
            denied = self.authorised(q)
            if denied:
                return denied[0], denied[1], None, "application/json"
        full = local_path(hdfs_path)
        name = os.path.basename(hdfs_path.rstrip("/"))
        dn_base = "http://127.0.0.1:%d/webhdfs/v1%s" % (CONFIG["datanode_port"], urllib.parse.quote(hdfs_path))

        if self.role == "DN":
            if op == "OPEN" and self.command == "GET":
                with open(full, "rb") as f:
                    f.seek(int(q.get("offset", "0")))
                    length = q.get("length")
                    data = f.read(int(length)) if length is not None else f.read()
                return 200, data, None, "application/octet-stream"
            if op == "CREATE" and self.command == "PUT":
                if os.path.exists(full) and q.get("overwrite", "false") != "true":
                    return remote_exception(403, "FileAlreadyExistsException",
                                            "org.apache.hadoop.fs.FileAlreadyExistsException", hdfs_path + " already exists") + (None, "application/json")
                with open(full, "wb") as f:
                    f.write(body)
                return 201, b"", {"Location": "hdfs://127.0.0.1" + hdfs_path}, "application/octet-stream"
            raise ValueError('Invalid value for webhdfs parameter "op": ' + op)

        if op == "GETFILESTATUS" and self.command == "GET":
            return 200, json.dumps({"FileStatus": file_status(full, "")}), None, "application/json"
        if op in ("LISTSTATUS", "LISTSTATUS_BATCH") and self.command == "GET":
            if not os.path.isdir(full):
                if not os.path.exists(full):
                    raise FileNotFoundError()
                entries = [file_status(full, name)]
            else:
                names = sorted(os.listdir(full))
                entries = []
                for n in names:
                    try:
                        entries.append(file_status(os.path.join(full, n), n))
                    except FileNotFoundError:
                        pass
            if op == "LISTSTATUS":
                return 200, json.dumps({"FileStatuses": {"FileStatus": entries}}), None, "application/json"
            after = q.get("startAfter", "")
            rest = [e for e in entries if e["pathSuffix"] > after] if after else entries
            page = rest[: CONFIG["page_size"]]
            listing = {"DirectoryListing": {"partialListing": {"FileStatuses": {"FileStatus": page}},
                                            "remainingEntries": len(rest) - len(page)}}
            return 200, json.dumps(listing), None, "application/json"
        if op == "OPEN" and self.command == "GET":
            if not os.path.isfile(full):
                if os.path.isdir(full):
                    return remote_exception(404, "FileNotFoundException", "java.io.FileNotFoundException",
                                            "Path is not a file: " + hdfs_path) + (None, "application/json")
                raise FileNotFoundError()
            params = urllib.parse.urlencode({k: v for k, v in q.items() if k in ("op", "offset", "length")})
            return 307, b"", {"Location": dn_base + "?" + params + "&namenoderpcaddress=127.0.0.1:8020"}, "application/octet-stream"
        if op == "CREATE" and self.command == "PUT":
            if not os.path.isdir(os.path.dirname(full)):
                raise FileNotFoundError()
            if os.path.exists(full) and q.get("overwrite", "false") != "true":
                return remote_exception(403, "FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException",
                                        hdfs_path + " for client 127.0.0.1 already exists") + (None, "application/json")
            params = urllib.parse.urlencode({k: v for k, v in q.items() if k in ("op", "overwrite")})
            return 307, b"", {"Location": dn_base + "?" + params + "&namenoderpcaddress=127.0.0.1:8020"}, "application/octet-stream"
        if op == "MKDIRS" and self.command == "PUT":
            if os.path.isfile(full):
                return remote_exception(403, "FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException",
                                        "Path is not a directory: " + hdfs_path) + (None, "application/json")
            os.makedirs(full, exist_ok=True)
            return 200, json.dumps({"boolean": True}), None, "application/json"
        if op == "RENAME" and self.command == "PUT":
            dest = local_path(q.get("destination", ""))
            if not os.path.exists(full) or os.path.exists(dest) or not os.path.isdir(os.path.dirname(dest)):
                return 200, json.dumps({"boolean": False}), None, "application/json"
            os.rename(full, dest)
            return 200, json.dumps({"boolean": True}), None, "application/json"
        if op == "DELETE" and self.command == "DELETE":
            if not os.path.exists(full):
                return 200, json.dumps({"boolean": False}), None, "application/json"
            if os.path.isdir(full):
                if os.listdir(full) and q.get("recursive", "false") != "true":
                    return remote_exception(403, "PathIsNotEmptyDirectoryException",
                                            "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException",
                                            "`" + hdfs_path + " is non empty': Directory is not empty") + (None, "application/json")
                shutil.rmtree(full)
            else:
                os.remove(full)
            return 200, json.dumps({"boolean": True}), None, "application/json"
        raise ValueError('Invalid value for webhdfs parameter "op": No enum constant ' + op)

    do_GET = do_PUT = do_POST = do_DELETE = handle_any


def serve(role, port=0):
    handler = type(role + "Handler", (Handler,), {"role": role})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--page-size", type=int, default=2)
    ap.add_argument("--token")
    ap.add_argument("--require-user", action="store_true")
    ap.add_argument("--require-header")
    a = ap.parse_args()
    CONFIG.update(root=os.path.abspath(a.root), page_size=a.page_size, token=a.token, require_user=a.require_user)
    if a.require_header:
        name, _, value = a.require_header.partition("=")
        CONFIG["require_header"] = (name, value)
    dn = serve("DN")
    CONFIG["datanode_port"] = dn.server_address[1]
    nn = serve("NN")
    print(json.dumps({"namenode": nn.server_address[1], "datanode": dn.server_address[1]}), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
