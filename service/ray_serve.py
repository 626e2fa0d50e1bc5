"""Scale-out on Ray Serve: the same routes, auth and errors, served by N replicas of the app.

``airocr serve-ray --replicas N`` starts a local Ray cluster, or joins the one ``RAY_ADDRESS``
names, and deploys the FastAPI app of :mod:`airocr.service.app` as a Serve ingress. Each replica
builds the app itself (its models load in the app's lifespan, as under ``airocr serve``) and tags
every response with an ``X-Airocr-Replica`` header naming the replica. Ray is an optional extra:
``pip install .[ray]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

REPLICA_HEADER = b"x-airocr-replica"
REQUEST_ID_HEADER = b"x-request-id"


class ReplicaHeader:
    """ASGI middleware: every HTTP response carries the replica's name.

    Ray's proxy gives each request an ``X-Request-Id`` (the client's, or one of its own) and adds it
    to the response; the app adopts that id (logs and error bodies agree with the proxy) and leaves
    the header to the proxy, so a response carries it once.
    """

    def __init__(self, app: Any, replica: str) -> None:
        self.app = app
        self.replica = replica.encode("latin-1", "replace")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        upstream = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER)
        if upstream:
            scope = {**scope, "airocr_upstream_request_id": upstream.decode("latin-1")}

        async def send_with_replica(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if not (upstream and k.lower() == REQUEST_ID_HEADER)]
                message = {**message, "headers": [*headers, (REPLICA_HEADER, self.replica)]}
            await send(message)

        await self.app(scope, receive, send_with_replica)


def build_replica_app():
    """Runs on each replica: the service's app, its settings from the environment Ray passed on."""
    from ray import serve

    from airocr.service.app import create_app

    app = create_app()
    app.add_middleware(ReplicaHeader, replica=serve.get_replica_context().replica_id.unique_id)
    return app


def replica_env(environ: Mapping[str, str], cpus_per_replica: float) -> dict[str, str]:
    """The ``AIROCR_*`` variables, handed to every replica (on whichever node it runs); unless set,
    a replica's onnxruntime threads are the CPUs it reserves, so replicas on one node share its cores."""
    env = {k: v for k, v in environ.items() if k.startswith("AIROCR_")}
    env.setdefault("AIROCR_THREADS", str(max(1, round(cpus_per_replica))))
    return env


def serve_on_ray(replicas: int, host: str, port: int, cpus_per_replica: float = 1.0) -> None:
    """Start (or join, with ``RAY_ADDRESS``) a Ray cluster and serve until interrupted."""
    import ray
    from ray import serve

    ray.init(address=os.environ.get("RAY_ADDRESS") or None, include_dashboard=False, log_to_driver=False)
    try:
        serve.start(http_options={"host": host, "port": port})
        deployment = serve.deployment(
            name="airocr",
            num_replicas=replicas,
            ray_actor_options={"num_cpus": cpus_per_replica,
                               "runtime_env": {"env_vars": replica_env(os.environ, cpus_per_replica)}},
        )(serve.ingress(build_replica_app)())
        serve.run(deployment.bind(), name="airocr", route_prefix="/", blocking=True)
    except KeyboardInterrupt:
        pass
    finally:
        serve.shutdown()
        ray.shutdown()
