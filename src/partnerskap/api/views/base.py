"""The base of every API view: per-view DRF configuration (nothing depends on global
``REST_FRAMEWORK`` settings), problem details for errors, ETag and conditional GET, and the
list machinery (filters, keyset pagination)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerskap.api import problems
from partnerskap.api.authentication import BearerTokenAuthentication
from partnerskap.api.inputs import Filter
from partnerskap.api.pagination import PARAMETERS, Keyset

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Doc:
    """The OpenAPI description of one operation of a view (``ApiView.docs``)."""

    tags: list[str]
    summary: str
    description: str = ""
    parameters: list[Any] = field(default_factory=list)
    request: Any = None
    responses: dict[Any, Any] = field(default_factory=dict)


class ApiSchema(AutoSchema):
    """drf-spectacular's inspector reading each view's ``docs``. (Its ``@extend_schema``
    decorator would build on DRF's global ``DEFAULT_SCHEMA_CLASS``, which the API does not
    rely on.)"""

    def _doc(self) -> Doc | None:
        docs: dict[str, Doc] = getattr(self.view, "docs", {})
        return docs.get(self.method.lower())

    def get_operation_id(self) -> str:
        """``meeting_list_get``, ``follow_up_steps_post``: from the view, stable."""
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", type(self.view).__name__).lower()
        return f"{name}_{self.method.lower()}"

    def get_tags(self) -> list[str]:
        doc = self._doc()
        return doc.tags if doc else list(super().get_tags())

    def get_summary(self) -> str | None:
        doc = self._doc()
        return doc.summary if doc else None

    def get_description(self) -> str:  # type: ignore[override]
        doc = self._doc()
        return doc.description if doc and doc.description else str(super().get_description())

    def get_override_parameters(self) -> list[Any]:
        doc = self._doc()
        return list(doc.parameters) if doc else []

    def get_request_serializer(self) -> Any:
        doc = self._doc()
        return doc.request if doc else None

    def get_response_serializers(self) -> Any:
        doc = self._doc()
        return doc.responses if doc else None


#: Seconds an anonymous client or a shared cache may reuse a response without asking again.
MAX_AGE = 60


class ApiView(APIView):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsAuthenticatedOrReadOnly]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    content_negotiation_class = DefaultContentNegotiation
    throttle_classes = []
    metadata_class = None
    #: No OPTIONS (no CORS, no DRF metadata), PUT, DELETE or TRACE anywhere.
    http_method_names = ["get", "post", "patch", "head"]
    versioning_class = None
    schema = ApiSchema()
    #: The OpenAPI description of each method (``"get"``, ``"post"``, …).
    docs: ClassVar[dict[str, Doc]] = {}

    def get_exception_handler(self) -> Any:
        return problems.exception_handler

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(method.upper())  # 405 before 401: it never works
        super().initial(request, *args, **kwargs)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Content-Language"] = translation.get_language()
        return response

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Messages (problem details) are in the client's language: the API's paths have no
        language prefix, so ``Accept-Language`` decides (default: LANGUAGE_CODE). A successful
        GET gets an ETag (a hash of the body) and is answered 304 when the client has it."""
        with translation.override(translation.get_language_from_request(request)):
            response = super().dispatch(request, *args, **kwargs)
            if isinstance(response, Response):
                response.render()
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        assert isinstance(response, Response)
        set_response_etag(response)
        if self.request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Authorization"])
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return conditional if conditional is not None else response


def acting_user(request: Request) -> User:
    """The token's user (writes require authentication before they get here)."""
    user = request.user
    assert isinstance(user, User)
    return user


def deny(message: str, code: str) -> exceptions.PermissionDenied:
    return exceptions.PermissionDenied(detail=message, code=code)


def validated(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PublicList(ApiView, Generic[M]):
    """A public list: filters, a keyset page, a serializer. Subclasses give the pieces."""

    keyset: ClassVar[Keyset]
    filter_class: ClassVar[type[Filter]] = Filter
    serializer_class: ClassVar[type[serializers.Serializer[Any]]]

    def get_queryset(self) -> QuerySet[M]:
        raise NotImplementedError

    def filter(self, queryset: QuerySet[M], params: dict[str, Any]) -> QuerySet[M]:
        """``modified_since`` here; subclasses add theirs."""
        if "modified_since" in params:
            queryset = queryset.filter(modified__gte=params["modified_since"])
        return queryset

    def represent(self, rows: list[M]) -> Any:
        return self.serializer_class(rows, many=True, context=self.context()).data

    def context(self) -> dict[str, Any]:
        return {"request": self.request}

    def get(self, request: Request) -> Response:
        # A plain dict, not the QueryDict: DRF would read ``?year=`` as «not given».
        params = validated(self.filter_class, dict(request.query_params.items()))
        page = self.keyset.paginate(self.filter(self.get_queryset(), params), request)
        headers = {"Link": f'<{page.next}>; rel="next"'} if page.next else {}
        return Response({"next": page.next, "results": self.represent(page.rows)}, headers=headers)


class PublicDetail(ApiView, Generic[M]):
    serializer_class: ClassVar[type[serializers.Serializer[Any]]]

    def get_queryset(self) -> QuerySet[M]:
        raise NotImplementedError

    def get_object(self, pk: int) -> M:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get(self, request: Request, pk: int) -> Response:
        obj = self.get_object(pk)
        return Response(self.serializer_class(obj, context={"request": request}).data)


# ---------------------------------------------------------------- schema helpers

PROBLEM = problems.CONTENT_TYPE


def page_of(item: type[serializers.Serializer[Any]]) -> type[serializers.Serializer[Any]]:
    """The page envelope of a list: ``next`` (null on the last page) and ``results``."""
    name = item.__name__.removesuffix("Serializer") + "PageSerializer"
    return type(
        name,
        (serializers.Serializer,),
        {
            "__module__": __name__,
            "__doc__": f"One page of {item.__name__.removesuffix('Serializer')} rows.",
            "next": serializers.URLField(
                allow_null=True, help_text="The next page, or null on the last one."
            ),
            "results": item(many=True),
        },
    )


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=problems.Problem, description=description)


NOT_MODIFIED = OpenApiResponse(description="Not modified: `If-None-Match` matched the ETag.")
READ_ERRORS: dict[Any, Any] = {
    304: NOT_MODIFIED,
    (401, PROBLEM): _problem("The token is unknown or revoked."),
    (406, PROBLEM): _problem("Only JSON is offered."),
}
LIST_ERRORS: dict[Any, Any] = {
    **READ_ERRORS,
    (400, PROBLEM): _problem("Invalid filter, limit or cursor."),
}
DETAIL_ERRORS: dict[Any, Any] = {
    **READ_ERRORS,
    (404, PROBLEM): _problem("No such public resource."),
}
WRITE_ERRORS: dict[Any, Any] = {
    (400, PROBLEM): _problem("Invalid input, or a rule of the agreement or the law refuses it."),
    (401, PROBLEM): _problem("No token, or the token is unknown or revoked."),
    (403, PROBLEM): _problem("Your roles do not allow this."),
    (404, PROBLEM): _problem("No such resource."),
    (406, PROBLEM): _problem("Only JSON is offered."),
    (409, PROBLEM): _problem("The object's current state does not allow it."),
    (415, PROBLEM): _problem("Send JSON (Content-Type: application/json)."),
}
LIST_PARAMETERS = PARAMETERS
