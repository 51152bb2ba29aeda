"""
Every CE page that takes input answers anything with a page, a redirect or a refusal, never a server
error: arbitrary form fields, query strings, path segments and uploads, from every kind of visitor.
"""
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from .conftest import baseline, rolled_back, unchanged_if_refused
from .strategies import FUZZ, NASTY_STRINGS, TEXT

SETTINGS_FIELDS = ["title", "activity_type", "provider_name", "time_zone", "claim_opens_at", "claim_closes_at",
                   "attendance_mode", "support_email", "start_date", "end_date", "accme_activity_id", "acpe_uan",
                   "disclosures", "offer_ama-pra-1", "name_ama-pra-1", "cap_ama-pra-1", "published",
                   "check_in_presence"]
EXTERNAL_FIELDS = ["provider", "title", "completed_on", "credit_type", "other_credit_type", "amount"]
# (name, method, url args beyond the course key (the learner's own records have none), form fields)
EVALUATION_FIELDS = ["q:objectives_met", "q:relevant", "q:unbiased", "q:unbiased__comment", "q:practice_change",
                     "q:overall", "q:comments", "day"]
PAGES = [
    ("activities", "get", None, ["type", "credit", "from", "to", "page"]),
    ("my-activities", "get", None, ["type"]),
    ("activity", "get", [], []),
    ("statement", "post", [], ["statement_type", "profile-1-license_number", "profile-1-birth_mmdd",
                               "profile-1-moc_consent", "profile-1-board_id"]),
    ("attendance", "post", [], ["code"]),
    ("disclosures", "post", [1], ["acknowledge"]),
    ("claim", "post", [], ["credits:{plain}", "credits:{evaluated}", "credits:x", "day", "track"]),
    ("claim", "get", [], ["track", "q"]),
    ("claim-evaluate", "post", ["{evaluated}"], EVALUATION_FIELDS),
    ("claim-evaluate", "get", ["{evaluated}"], ["partial", "day"]),
    ("summary", "post", [], ["confirm", "attest", "action", "printed_name", "printed_credentials"]),
    ("statement-pdf", "get", [], []),
    ("check-in", "post", [], ["code"]),
    ("check-in", "get", [], ["code"]),
    ("transcript", "get", None, []),
    ("verify-form", "get", None, ["code"]),
    ("staff-settings", "post", [], SETTINGS_FIELDS),
    ("staff-codes", "post", [], ["generate", "count", "label", "rebind", "code", "username", "reason"]),
    ("staff-codes", "get", [], ["q"]),
    ("staff-claims", "get", [], ["q"]),
    ("staff-overview", "get", [], []),
    ("staff-exports", "get", [], []),
    ("staff-start-report", "post", ["roster"], []),
    ("staff-statements", "post", [], ["kind", "reason"]),
    ("staff-check-in", "get", [], []),
    ("staff-check-in-screen", "get", ["{evaluated}"], []),
    ("session-list", "get", [], []),
    ("external-credit-add", "post", None, EXTERNAL_FIELDS),
    ("external-credit-edit", "post", ["{external}"], [*EXTERNAL_FIELDS, "remove_certificate"]),
    ("external-credit-delete", "post", ["{external}"], []),
    ("external-credit-certificate", "get", ["{external}"], []),
    ("staff-past-meeting", "post", [], ["add_session", "title", "track", "day", "starts", "ends", "remove_session",
                                        "usage_key", "issue", "learner", "statement_type", "reason",
                                        "credits:{past_session}"]),
]


def page_url(world, name, args):
    if args is None:
        return reverse(f"ce_plugin:{name}")
    keys = {"evaluated": world["evaluated"].usage_key, "plain": world["plain"].usage_key,
            "external": world["external"]}
    args = [arg.format(**keys) if isinstance(arg, str) else arg for arg in args]
    if name.startswith("external-credit-"):  # the learner's own record: no course in its address
        return reverse(f"ce_plugin:{name}", args=args)
    course = world["past_meeting"] if name == "staff-past-meeting" else str(world["activity"].course_key)
    return reverse(f"ce_plugin:{name}", args=[course, *args])


def form(world, keys):
    names = [key.format(plain=world["plain"].usage_key, evaluated=world["evaluated"].usage_key,
                        past_session=world["past_session"]) for key in keys]
    return st.dictionaries(st.one_of(st.sampled_from(names), TEXT) if names else TEXT,
                           TEXT.map(lambda text: text.replace("\x00", "")), max_size=len(names) + 2)


def visitors(world):
    return st.sampled_from(["anonymous", "ready", "done", "instructor", "office"])


def sign_in(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])


@pytest.mark.parametrize("name, method, args, keys", PAGES, ids=[f"{p[1]}-{p[0]}" for p in PAGES])
def test_page_never_answers_with_a_server_error(world, name, method, args, keys):
    before = baseline()

    @FUZZ
    @given(who=visitors(world), data=form(world, keys))
    def run(who, data):
        status = {}
        with rolled_back(), unchanged_if_refused(lambda: status.get("code", 200) >= 400, before):
            client = Client()
            sign_in(client, world, who)
            url = page_url(world, name, args)
            response = client.post(url, data) if method == "post" else client.get(url, data)
            status["code"] = response.status_code
            assert response.status_code < 500

    run()


def test_paths_with_any_segment_never_answer_with_a_server_error(world):
    """Course keys, disclosure numbers, verification codes and report ids as a visitor may type them."""
    @FUZZ
    @given(who=visitors(world), segment=TEXT.filter(lambda text: "/" not in text and "\x00" not in text),
           template=st.sampled_from(["/ce/courses/{}/", "/ce/courses/{}/claim/", "/ce/courses/{k}/disclosures/{}/",
                                     "/ce/verify/{}/", "/ce/staff/courses/{}/settings/", "/ce/staff/courses/{}/",
                                     "/ce/staff/courses/{k}/claims/{}/", "/ce/staff/courses/{k}/statements/{}.pdf",
                                     "/ce/courses/{k}/claim/evaluate/{}/",
                                     "/ce/staff/courses/{k}/reports/{}/", "/ce/staff/courses/{k}/reports/{}/start/",
                                     "/ce/api/v1/courses/{}/sessions/"]))
    def run(who, segment, template):
        with rolled_back():
            client = Client()
            sign_in(client, world, who)
            url = template.format(quote(segment, safe=""), k=world["activity"].course_key)
            assert client.get(url).status_code < 500

    run()


def test_code_uploads_never_answer_with_a_server_error(world):
    """Badge-code files as a registration system, a spreadsheet or an attacker might produce them."""
    line = st.lists(TEXT.map(lambda t: t.replace("\x00", "")), min_size=0, max_size=5).map(",".join)
    @FUZZ
    @given(header=st.sampled_from(["code,email,name", "code", "email,code,name,extra", "", "CODE;EMAIL"]),
           rows=st.lists(line, max_size=6), ending=st.sampled_from(["\n", "\r\n", "\r"]),
           encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    def run(header, rows, ending, encoding):
        with rolled_back():
            client = Client()
            client.force_login(world["instructor"])
            content = ending.join([header, *rows]).encode(encoding, "replace")
            upload = SimpleUploadedFile("codes.csv", content, content_type="text/csv")
            response = client.post(page_url(world, "staff-codes", []), {"import": "1", "file": upload})
            assert response.status_code < 500

    run()


def test_certificate_uploads_never_answer_with_a_server_error(world):
    """Certificate files as a scanner, a phone or an attacker might produce them, on a new and a changed entry."""
    heads = st.sampled_from([b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"<svg",
                             b"<html>", b"GIF89a", b"\x00" * 8])
    names = st.one_of(st.sampled_from(["c.pdf", "c.PNG", "c.jpeg", "c.jpg", "c.pdf.exe", "c", ".pdf", "c.svg",
                                       "../../c.pdf", "c\u202egnp.pdf"]), NASTY_STRINGS.filter(lambda n: n.strip()))
    values = {"provider": "Other Society", "title": "Webinar", "completed_on": "2026-01-15",
              "credit_type": "ama-pra-1", "amount": "1"}

    @FUZZ
    @given(head=heads, body=st.binary(max_size=200), name=names, who=st.sampled_from(["done", "ready"]),
           edit=st.booleans())
    def run(head, body, name, who, edit):
        before = baseline()
        status = {}
        with rolled_back(), unchanged_if_refused(lambda: status.get("code", 200) >= 400, before):
            client = Client()
            sign_in(client, world, who)
            url = page_url(world, "external-credit-edit" if edit else "external-credit-add",
                           ["{external}"] if edit else None)
            name_ = name.replace("\x00", "") or "c.pdf"
            response = client.post(url, {**values, "certificate": SimpleUploadedFile(name_, head + body)})
            status["code"] = response.status_code
            assert response.status_code < 500

    run()
