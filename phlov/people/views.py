"""The people pages: search, a person's page, registration with the duplicate check, edits,
and the import. Thin: forms in, services and selectors do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.audit.services import record
from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.people import services
from phlov.people.duplicates import REASONS, find_likely_duplicates
from phlov.people.forms import (
    DocumentForm,
    NameForm,
    NewPersonForm,
    PersonForm,
    PhoneForm,
    SearchForm,
)
from phlov.people.models import IdentityDocument, Person, PersonName, PhoneNumber
from phlov.people.policies import PersonPolicy
from phlov.people.selectors import merged_into, related_visible, search_people

BY = "PersonPolicy"
# What the person page shows of the records a person points to.
PERSON_PAGE_RELATED = ("organisation", "nationality", "origin_province", "origin_village", "household")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _require_any(request: HttpRequest, action: str) -> PersonPolicy:
    policy = PersonPolicy()
    if not policy.can_any(request.user, action):
        raise Http404  # forbidden looks like missing
    return policy


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@protected(by=BY)
def index(request: HttpRequest) -> HttpResponse:
    policy = _require_any(request, Action.VIEW)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if (
            data["q"]
            or data["sex"]
            or data["province"]
            or data["age_min"] is not None
            or data["age_max"] is not None
        ):
            results = search_people(
                actor=request.user,
                query=data["q"],
                sex=data["sex"] or None,
                age_min=data["age_min"],
                age_max=data["age_max"],
                province=data["province"],
            )
    context = {
        "form": form,
        "results": results,
        "can_add": policy.can_any(request.user, Action.ADD),
    }
    template = "people/index.html#results" if _is_htmx(request) else "people/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    policy = PersonPolicy()
    hidden = policy.hidden_fields(request.user)
    return {
        "person": person,
        "hidden": hidden,
        "names": related_visible(request.user, person, PersonName),
        "documents": related_visible(request.user, person, IdentityDocument)
        if "documents" not in hidden
        else None,
        "phones": related_visible(request.user, person, PhoneNumber) if "phones" not in hidden else None,
        "can_change": policy.can(request.user, Action.CHANGE, person),
        "show_village": "origin_village" not in hidden,
        "show_notes": "notes" not in hidden,
        "show_household": "household" not in hidden,
        "merged_records": merged_into(request.user, person),
    }


@protected(by=BY)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = PersonPolicy().get_or_404(  # audited by the policy
        request.user, Action.VIEW, related=PERSON_PAGE_RELATED, pk=pk
    )
    return render(request, "people/detail.html", _person_context(request, person))


def _matches_context(matches: list[Any]) -> list[dict[str, Any]]:
    return [
        {"person": m.person, "score": m.score, "reasons": [REASONS[r] for r in m.reasons]} for m in matches
    ]


@protected(by=BY)
def create(request: HttpRequest) -> HttpResponse:
    policy = _require_any(request, Action.ADD)
    hidden = policy.hidden_fields(request.user)
    matches: list[Any] = []
    if request.method == "POST":
        form = NewPersonForm(request.POST, hidden=hidden)
        link_to = request.POST.get("link_to", "")
        if link_to.isdigit():
            target = policy.get_or_404(request.user, Action.VIEW, pk=int(link_to))
            services.create_person(actor=request.user, data={}, link_to=target)
            messages.success(request, _("You were taken to the person already registered."))
            return _redirect(request, reverse("people:detail", args=[target.pk]))
        if form.is_valid():
            try:
                person = services.create_person(
                    actor=request.user,
                    data=form.person_data(),
                    phones=form.phones(),
                    documents=form.documents(),
                    confirmed_new=request.POST.get("decision") == "new",
                )
            except services.PossibleDuplicates as duplicates:
                matches = duplicates.matches
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The person is registered."))
                return _redirect(request, reverse("people:detail", args=[person.pk]))
    else:
        form = NewPersonForm(hidden=hidden)
    context = {"form": form, "matches": _matches_context(matches)}
    template = "people/create.html#person-form" if _is_htmx(request) else "people/create.html"
    return render(request, template, context)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@protected(by=BY)
@require_POST
def check_duplicates(request: HttpRequest) -> HttpResponse:
    """The likely duplicates of what has been typed so far (htmx fragment of the create page)."""

    policy = _require_any(request, Action.ADD)
    form = NewPersonForm(request.POST, hidden=policy.hidden_fields(request.user))
    form.is_valid()
    data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}
    matches = find_likely_duplicates(
        actor=request.user,
        data=data,
        phones=[data["phone"]] if data.get("phone") else [],
        documents=[{"number": data["document_number"]}] if data.get("document_number") else [],
    )
    return render(request, "people/_duplicates.html", {"matches": _matches_context(matches), "live": True})


@protected(by=BY)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = PersonPolicy()
    person = policy.get_or_404(request.user, Action.CHANGE, pk=pk)
    hidden = policy.hidden_fields(request.user)
    form = PersonForm(request.POST or None, instance=person, hidden=hidden)
    if request.method != "POST":
        record(actor=request.user, action="view", obj=person, detail={"page": "edit"})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, data=form.person_data())
        except ValidationError as error:
            person.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person})


def _part_form(request: HttpRequest, pk: int, form_class: type, title: str, save: Any) -> HttpResponse:
    person = PersonPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(person, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/part_form.html", {"form": form, "person": person, "title": title})


@protected(by=BY)
def add_name(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_form(
        request,
        pk,
        NameForm,
        _("Add another name"),
        lambda person, data: services.add_name(actor=request.user, person=person, data=data),
    )


@protected(by=BY)
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    if "documents" in PersonPolicy().hidden_fields(request.user):
        raise Http404  # forbidden looks like missing
    return _part_form(
        request,
        pk,
        DocumentForm,
        _("Add an identity document"),
        lambda person, data: services.add_document(actor=request.user, person=person, data=data),
    )


@protected(by=BY)
def add_phone(request: HttpRequest, pk: int) -> HttpResponse:
    if "phones" in PersonPolicy().hidden_fields(request.user):
        raise Http404  # forbidden looks like missing
    return _part_form(
        request,
        pk,
        PhoneForm,
        _("Add a phone number"),
        lambda person, data: services.add_phone(
            actor=request.user, person=person, number=data["number"], note=data["note"]
        ),
    )


@protected(by=BY)
@require_POST
def remove_part(request: HttpRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    person = PersonPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    models = {"name": PersonName, "document": IdentityDocument, "phone": PhoneNumber}
    model = models.get(part)
    if model is None:
        raise Http404  # forbidden looks like missing
    row = related_visible(request.user, person, model).filter(pk=part_pk).first()
    if row is None:
        raise Http404
    if part == "name":
        services.remove_name(actor=request.user, name=row)
    elif part == "document":
        services.remove_document(actor=request.user, document=row)
    else:
        services.remove_phone(actor=request.user, phone=row)
    messages.success(request, _("Removed."))
    return redirect("people:detail", pk=person.pk)


@protected(by=BY)
def export(request: HttpRequest) -> HttpResponse:
    from phlov.files.exports import DOWNLOAD_MINUTES, hold_for_download
    from phlov.people.exporting import export_people, exportable_people

    _require_any(request, Action.EXPORT)
    if request.method != "POST":
        return render(request, "people/export.html", {"count": exportable_people(actor=request.user).count()})
    fmt = "xlsx" if request.POST.get("format") == "xlsx" else "zip"
    made = export_people(actor=request.user, people=exportable_people(actor=request.user), fmt=fmt)
    held = hold_for_download(actor=request.user, export=made)
    return render(
        request,
        "people/export_ready.html",
        {"export": made, "download": held, "minutes": DOWNLOAD_MINUTES},
    )
