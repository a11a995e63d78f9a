#!/usr/bin/env python3
"""A Weir service-registry participant in plain Python (standard library only).

Registers one instance with the master, heartbeats its lease (registering again under the same id when the
master answers 404, e.g. after a restart), follows the upstreams of what it consumes over Server-Sent Events and
prints each change, and deregisters on SIGINT/SIGTERM. The API is docs/registry.md.

    python3 examples/python/weir_service.py --master http://127.0.0.1:8100 --token "$WEIR_TOKEN" \
        --name py-enricher --type PROCESSOR --consumes click.v1 --produces click.enriched.v1 --address 127.0.0.1:9999
"""
import argparse
import json
import secrets
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def log(message):
    print(time.strftime("%H:%M:%S ") + message, flush=True)


class Master:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method, path, body=None, headers=None, timeout=5):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {"error": text}

    def stream(self, path, timeout):
        request = urllib.request.Request(self.url + path)
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        return urllib.request.urlopen(request, timeout=timeout)


class Registration:
    """Registers, keeps the lease alive, and registers again under the same id whenever the master forgot it."""

    def __init__(self, master, body):
        self.master = master
        self.body = dict(body)
        # id and lease token chosen here: a registration retried after a lost answer is then the same registration
        self.body["instanceId"] = "%s-%s" % (body["name"], secrets.token_hex(6))
        self.token = secrets.token_urlsafe(32)
        self.lease = None
        self.stopped = threading.Event()

    def register(self):
        status, answer = self.master.call("POST", "/api/v1/serviceInstances", self.body, {"X-Weir-Lease": self.token})
        if status != 201:
            raise RuntimeError("registration refused (%s): %s" % (status, answer.get("error", answer)))
        self.lease = answer
        log("registered %s (lease %d ms, heartbeat every %d ms)"
            % (answer["instanceId"], answer["leaseTtlMs"], answer["heartbeatIntervalMs"]))

    def run(self):
        delay = 0.1
        while not self.stopped.wait(self.lease["heartbeatIntervalMs"] / 1000.0 if self.lease else delay):
            try:
                if self.lease is None:
                    self.register()
                    delay = 0.1
                    continue
                status, answer = self.master.call(
                    "PUT", "/api/v1/serviceInstances/%s/heartbeat" % self.lease["instanceId"],
                    {"health": {"status": "HEALTHY"}}, {"X-Weir-Lease": self.lease["leaseToken"]})
                if status == 404:
                    log("the master does not know %s any more: registering again" % self.lease["instanceId"])
                    self.lease = None
                    self.register()
                elif status != 200:
                    log("heartbeat refused (%s): %s" % (status, answer.get("error", answer)))
            except (OSError, RuntimeError) as e:
                self.lease = None
                delay = min(delay * 2, 5.0)
                log("master unreachable (%s); retrying in %.1f s" % (e, delay))

    def close(self):
        self.stopped.set()
        if self.lease:
            status, _ = self.master.call("DELETE", "/api/v1/serviceInstances/%s" % self.lease["instanceId"],
                                         headers={"X-Weir-Lease": self.lease["leaseToken"]})
            log("deregistered %s (%s)" % (self.lease["instanceId"], status))


def watch_upstreams(master, event_type, stopped):
    """Prints the producers of event_type each time the set changes; reconnects when the stream ends or goes quiet."""
    path = "/api/v1/serviceInstancesStream?produces=" + urllib.parse.quote(event_type)
    last = None
    delay = 0.1
    while not stopped.is_set():
        try:
            with master.stream(path, timeout=10) as response:
                delay = 0.1
                for raw in response:
                    line = raw.decode().strip()
                    if not line.startswith("data:"):
                        continue
                    frame = json.loads(line[5:])
                    if frame.get("heartbeat"):
                        continue
                    current = sorted("%s@%s" % (i["instanceId"], ",".join(e["address"] for e in i.get("endpoints", [])))
                                     for i in frame["instances"])
                    if current != last:
                        log("upstreams of %s: %s" % (event_type, ", ".join(current) or "none"))
                        last = current
        except (OSError, ValueError) as e:
            if stopped.is_set():
                return
            log("watch of %s lost (%s); reconnecting in %.1f s" % (event_type, e, delay))
            stopped.wait(delay)
            delay = min(delay * 2, 5.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--master", required=True)
    parser.add_argument("--token", default=None)
    parser.add_argument("--name", required=True)
    parser.add_argument("--type", required=True, choices=["SOURCE", "PROCESSOR", "SINK"])
    parser.add_argument("--consumes", action="append", default=[])
    parser.add_argument("--produces", action="append", default=[])
    parser.add_argument("--address", default="127.0.0.1:0")
    parser.add_argument("--lease-ms", type=int, default=3000)
    args = parser.parse_args()

    master = Master(args.master, args.token)
    registration = Registration(master, {
        "name": args.name, "type": args.type, "inputTypes": args.consumes, "outputTypes": args.produces,
        "endpoints": [{"transportId": "tcp", "plane": "stream", "address": args.address}],
        "metadata": {"language": "python"}, "leaseTtlMs": args.lease_ms})
    try:
        registration.register()
    except (OSError, RuntimeError) as e:
        print("weir_service: %s" % e, file=sys.stderr)
        return 1
    stopped = registration.stopped
    for event_type in args.consumes:
        threading.Thread(target=watch_upstreams, args=(master, event_type, stopped), daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    heartbeats = threading.Thread(target=registration.run, daemon=True)
    heartbeats.start()
    while not stopped.wait(0.5):
        pass
    registration.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
