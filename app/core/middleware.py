from django.conf import settings

from . import health


class HealthCheckMiddleware:
    """Answers /health/ and /health/ready/ before host validation and the HTTPS redirect,
    so the container healthcheck and the deploy gate can probe http://127.0.0.1:8000.
    Their answers name the release (X-Release) that gave them."""

    ROUTES = {"/health/": health.live, "/health/ready/": health.ready, "/health": health.live}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.ROUTES.get(request.path_info)
        if view is not None:
            response = view(request)
            response["X-Release"] = settings.RELEASE
            return response
        return self.get_response(request)
