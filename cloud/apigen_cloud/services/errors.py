"""Domain errors; the app turns them into `{"detail": ...}` responses."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(ServiceError):
    status_code = 404


class ConflictError(ServiceError):
    status_code = 409


class UnavailableError(ServiceError):
    """A backing service (e.g. the artifact store) does not answer; worth retrying later."""

    status_code = 503


class InvalidRequestError(ServiceError):
    """Answered in FastAPI's validation-error shape, like every other 422."""

    status_code = 422

    def __init__(self, detail: str, loc: tuple[str, ...] = ("body",)) -> None:
        super().__init__(detail)
        self.loc = loc
