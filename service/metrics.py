"""Prometheus metrics, all named `tactful_*`, in a registry per app.

With several uvicorn workers each process counts for itself; `tactful serve
--workers N` sets PROMETHEUS_MULTIPROC_DIR so that /metrics adds them up
(prometheus-client's multiprocess mode). One worker per pod needs nothing.
"""
from __future__ import annotations

import os
from typing import Iterable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import ProcessCollector

from tactful import CATEGORIES

# Request latency buckets in seconds: a check takes about a millisecond, a full batch about a second.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Route labels: the templated paths, so that /v1/rules/<anything> cannot blow up the label set.
ROUTES = ("/v1/check", "/v1/check/batch", "/v1/rules", "/v1/rules/{id}", "/v1/feedback", "/v1/feedback/stats",
          "/v1/admin/reload", "/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json", "/", "/static", "other")
VERDICTS = ("pass", "review", "block")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_label(path: str) -> str:
    if path in ROUTES:
        return path
    if path.startswith("/v1/rules/"):
        return "/v1/rules/{id}"
    if path.startswith("/docs"):
        return "/docs"
    if path.startswith("/static/"):
        return "/static"
    return "other"


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        self.registry = CollectorRegistry()
        if not self.multiprocess:
            ProcessCollector(namespace="tactful", registry=self.registry)
        r = self.registry
        self.requests = Counter("tactful_http_requests", "HTTP requests answered, by route, method and status.",
                                ("route", "method", "status"), registry=r)
        self.latency = Histogram("tactful_http_request_duration_seconds",
                                 "Time from the request's arrival to the end of the response, by route.",
                                 ("route",), buckets=LATENCY_BUCKETS, registry=r)
        self.errors = Counter("tactful_http_errors", "Requests refused or failed, by kind "
                              "(bad_json, invalid_request, body_too_large, batch_too_large, unauthorized, "
                              "not_found, method_not_allowed, internal).", ("kind",), registry=r)
        self.drafts = Counter("tactful_drafts_checked", "Drafts checked, by verdict.", ("verdict",), registry=r)
        self.flags = Counter("tactful_flags", "Drafts flagged, by category.", ("category",), registry=r)
        self.mass_blasts = Counter("tactful_mass_blast_drafts",
                                   "Drafts in a batch marked as part of a mass blast.", registry=r)
        self.suppressed = Counter("tactful_suppressed_warnings",
                                  "Warnings suppressed on purpose, by source (marker in the draft, or the "
                                  "request's ignore list).", ("source",), registry=r)
        self.suppression_notices = Counter("tactful_suppression_notices",
                                           "Markers or ignore entries that named no rule.", registry=r)
        self.engine_faults = Counter("tactful_engine_faults", "Rules (or the classifier: source=\"model\") that "
                                     "raised on a draft and were skipped; the check still answered.",
                                     ("source",), registry=r)
        self.degraded = Counter("tactful_degraded_responses", "Responses carrying an engine warning (a skipped "
                                "rule, or the classifier not loaded).", registry=r)
        self.rejected = Counter("tactful_overload_rejections", "Requests refused with 503 because the worker had "
                                "TACTFUL_MAX_IN_FLIGHT checks running, or a check passed TACTFUL_REQUEST_TIMEOUT.",
                                ("reason",), registry=r)
        self.rules_loaded = Gauge("tactful_rules_loaded", "Rules active in this worker.", registry=r,
                                  multiprocess_mode="max")
        self.model_loaded = Gauge("tactful_model_loaded", "1 when the classifier is loaded, else 0.", registry=r,
                                  multiprocess_mode="min")
        # Children resolved once: a labelled lookup per request is measurable at thousands of requests/s.
        self._latency = {route: self.latency.labels(route) for route in ROUTES}
        self._drafts = {verdict: self.drafts.labels(verdict) for verdict in VERDICTS}
        self._flags = {category: self.flags.labels(category) for category in CATEGORIES}
        self._suppressed = {source: self.suppressed.labels(source) for source in ("marker", "request")}
        self._requests: dict[tuple[str, str, int], object] = {}

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        key = (route, method if method in METHODS else "other", status)
        child = self._requests.get(key)
        if child is None:
            child = self._requests[key] = self.requests.labels(key[0], key[1], str(status))
        child.inc()
        self._latency[route].observe(seconds)

    def observe_results(self, responses: Iterable[dict]) -> None:
        for response in responses:
            self._drafts[response["verdict"]].inc()
            for category in response["flags"]:
                self._flags[category].inc()
            for item in response.get("suppressed", ()):
                self._suppressed[item["source"]].inc()
            if response.get("notices"):
                self.suppression_notices.inc(len(response["notices"]))
            faults = response.get("engine_warnings")
            if faults:
                self.degraded.inc()
                for fault in faults:
                    if fault.get("kind") in ("rule_failed", "model_failed"):
                        self.engine_faults.labels(fault["source"]).inc()

    def exposition(self) -> bytes:
        if self.multiprocess:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)
