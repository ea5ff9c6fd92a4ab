"""Authorisation tested from the URL conf: every route × every role, for objects of our
partnership, of another party and of another partnership.

The routes are read from ``get_resolver().url_patterns`` (recursively, every namespace); each
must match a line of ``MATRIX`` below, or ``test_every_route_is_in_the_matrix`` fails and says
which line to add. Each (line, role) is its own test: it GETs the route and, when the line
gives write codes, POSTs (or PATCHes) to it, and checks the status against the codes.

The table, one line per route (a route may have more lines, ``name@variant``, to call it with
other objects)::

    <route> <target> <7 GET codes> [post|patch] <7 write codes, or «-» for GET-only routes>

- ``route``: the URL name with its namespace (``backoffice:meeting``); an unnamed route is
  ``namespace:`` plus its full pattern. Admin lines use shell wildcards (``admin:*_add``): one
  line per kind of admin page covers every registered model.
- ``target``: a key of ``TARGETS``, which builds the URL's arguments from the objects in
  ``world.py`` (``-``: the route takes none). Objects are our partnership's unless the target
  says ``other_`` (the other partnership) or ``county`` (the other party of ours).
- the columns, in order: ``a`` anonymous; ``m`` a member of our council (no editing role);
  ``o`` a case officer of another party (Bærum's); ``x`` the secretariat of another
  partnership; ``e`` a secretariat whose membership has ended (Viken's); ``s`` our
  partnership's own secretariat; ``O`` an operator (superuser).
- codes: ``2`` 200 · ``3`` a redirect · ``L`` redirect to sign in · ``U`` 401 · ``V`` 400 (an
  object named in the body is unknown to this user) · ``F`` 403 ·
  ``N`` 404 · ``M`` 405 · ``W`` the write got past the permission check (2xx, 3xx not to sign
  in, 400 or 409: invalid empty forms are fine) · ``A`` the admin refuses (redirect to the
  admin's sign-in, or 403) · ``O`` the admin as its ModelAdmin allows a superuser (200 or an
  accepted write; 403 where the ModelAdmin offers no such page, e.g. read-only models).

A route that answers 500 fails whatever the codes say. Writes are sent empty (an invalid form
is fine: the point is the permission check), except where ``PAYLOADS`` gives a body because the
view validates before it checks; they run in the test's transaction and are rolled back. Roles
sign in through ``world.sign_in`` (and use an API token on ``api:`` routes).

The admin lines state the rule: only operators (docs/security.md, «The admin is for
operators»).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.test.client import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.archive.models import ArchiveExport
from tests.authorization.world import ROLES, Objects, build, sign_in

# fmt: off
MATRIX = """
# route                              target           GET: a m o x e s O       write: a m o x e s O
set_language                         -                     3 3 3 3 3 3 3       post 3 3 3 3 3 3 3
# ---------------------------------------------------------------- back office (/sekretariat/)
backoffice:login                     -                     2 2 2 2 2 2 2       post W W W W W W W
backoffice:logout                    -                     M M M M M M M       post 3 3 3 3 3 3 3
backoffice:dashboard                 -                     L 2 2 2 2 2 2       -
backoffice:meetings                  -                     L 2 2 2 2 2 2       -
# Our partnership (the demo's, 2020–2024) has concluded: planning in it is refused to all (F);
# the other partnership (2025–2028) shows the planning writes.
backoffice:meeting_create            -                     L F F 2 F F 2       post L F F W F F W
backoffice:meeting                   meeting               L 2 2 N N 2 2       -
backoffice:meeting@other             other_meeting         L N N 2 N N 2       -
backoffice:meeting@draft             other_hidden_meeting  L N N 2 N N 2       -
backoffice:meeting_action            meeting_action        L M M M M M M       post L F F N N F F
backoffice:meeting_minutes           meeting               L 2 2 N N 2 2       -
backoffice:meeting_minutes@other     other_meeting         L N N 2 N N 2       -
backoffice:meeting_minutes_pdf       meeting               L 2 2 N N 2 2       -
backoffice:meeting_minutes_pdf@other other_meeting         L N N N N N N       -
backoffice:meeting_action@other      other_meeting_action  L M M M M M M       post L N N W N N W
backoffice:follow_ups                -                     L 2 2 2 2 2 2       -
# The view across partnerships: secretariats and case officers of a party (o: a member
# municipality's officer sees its council's); not members, not an ended membership.
backoffice:overview                  -                     L F 2 2 F 2 2       -
backoffice:follow_up_record          follow_up             L M M M M M M       post L F F N N W W
backoffice:follow_up_record@other    other_closed_follow_up L M M M M M M       post L N N W N N W
backoffice:item                      item                  L 2 2 N N 2 2       -
backoffice:item@closed               closed_item           L 2 2 N N 2 2       -
backoffice:item@other                other_closed_item     L N N 2 N N 2       -
backoffice:item@draft                other_draft_item      L N N 2 N N 2       -
backoffice:item_edit                 item                  L M M M M M M       post L F F N N W W
backoffice:item_document_upload      item                  L M M M M M M       post L F F N N W W
backoffice:item_vote                 item                  L M M M M M M       post L F F N N W W
backoffice:item_outcome              item                  L M M M M M M       post L F F N N W W
backoffice:item_close                item                  L M M M M M M       post L F F N N W W
backoffice:item_reopen               closed_item           L M M M M M M       post L F F N N W W
backoffice:years                     -                     L 2 2 2 2 2 2       -
backoffice:year                      year                  L 2 2 N N 2 2       -
backoffice:year@other                other_year            L N N 2 N N 2       -
backoffice:year_draft                year                  L M M M M M M       post L F F N N F F
backoffice:year_draft@other          other_year            L M M M M M M       post L N N W N N W
backoffice:year_adopt                year                  L M M M M M M       post L F F N N F F
backoffice:year_edit                 year                  L F F N N F F       post L F F N N F F
backoffice:year_discard              year                  L M M M M M M       post L F F N N F F
backoffice:requests                  -                     L 2 2 2 2 2 2       -
backoffice:request_create            partnership_slug      L F F N N F F       post L F F N N F F
backoffice:request_create@other      other_partnership_slug L N N 2 N N 2      post L N N W N N W
backoffice:committees                -                     L 2 2 2 2 2 2       -
# A concluded partnership is read-only (A18): committees, costs, allocations, signatures and
# amendments in ours are refused to all (F); the other partnership's show the writes.
backoffice:committee_create          -                     L F F 2 F F 2       post L F F W F F W
backoffice:committee                 committee             L 2 2 N N 2 2       -
backoffice:committee_report          committee             L M M M M M M       post L F F N N F F
backoffice:committee_dissolve        committee             L M M M M M M       post L F F N N F F
backoffice:finance                   -                     L 2 2 2 2 2 2       -
backoffice:cost                      cost                  L 2 2 N N 2 2       -
backoffice:allocation                allocation            L 2 2 N N 2 2       -
backoffice:cost_create               finance_council       L F F N N F F       post L F F N N F F
backoffice:cost_create@county        finance_county        L F F N N F F       post L F F N N F F
backoffice:cost_create@other         other_finance         L N N 2 N N 2       post L N N W N N W
backoffice:allocation_create         finance_council       L F F N N F F       post L F F N N F F
backoffice:allocation_create@county  finance_county        L F F N N F F       post L F F N N F F
backoffice:agreement                 -                     L 2 2 2 2 2 2       -
backoffice:agreement_version         version               L 2 2 N N 2 2       -
# Renewal (A18): the parties' secretariats and operators (ours is not renewed yet, the other
# partnership is: a POST is a 409).
backoffice:agreement_renew           partnership_slug      L F F N N 2 2       post L F F N N W W
backoffice:agreement_renew@other     other_partnership_slug L N N 2 N N 2      post L N N W N N W
backoffice:signature_create          version_council       L M M M M M M       post L F F N N F F
backoffice:signature_create@county   version_county        L M M M M M M       post L F F N N F F
backoffice:amendments                -                     L 2 2 2 2 2 2       -
backoffice:amendment                 amendment             L 2 2 N N 2 2       -
backoffice:amendment_create          item                  L F F N N F F       post L F F N N F F
# The evaluation: our partnership's is published (the demo's), so a write there is refused by
# the service after the permission check (W); the other partnership's is not yet started.
backoffice:evaluations               -                     L 2 2 2 2 2 2       -
backoffice:evaluation                partnership_slug      L 2 2 N N 2 2       -
backoffice:evaluation@other          other_partnership_slug L N N 2 N N 2      -
backoffice:evaluation_action         evaluation_action     L M M M M M M       post L F F N N W W
backoffice:evaluation_action@other   other_evaluation_action L M M M M M M     post L N N W N N W
backoffice:people                    -                     L 2 2 2 2 2 2       -
backoffice:person_create             -                     L F F 2 F 2 2       post L F F W F W W
backoffice:person                    person                L 2 2 N N 2 2       -
backoffice:person@county             county_person         L 2 2 N N 2 2       -
backoffice:person_edit               person                L M M M M M M       post L F F N N W W
backoffice:person_edit@county        county_person         L M M M M M M       post L F F N N F W
backoffice:membership_add            person                L M M M M M M       post L F F N N W W
backoffice:membership_end            delegate              L M M M M M M       post L F F N N W W
backoffice:membership_end@county     county_membership     L M M M M M M       post L F F N N F W
backoffice:substitute_order          party_council         L F F N N 2 2       post L F F N N W W
backoffice:substitute_order@county   party_county          L F F N N F 2       post L F F N N F W
backoffice:bodies                    -                     L 2 2 2 2 2 2       -
backoffice:body_create               -                     L M M M M M M       post L F F W F W W
backoffice:body                      body                  L 2 2 N N 2 2       -
backoffice:body@county               county_body           L 2 2 N N 2 2       -
backoffice:body_rename               body                  L M M M M M M       post L F F N N W W
backoffice:body_rename@county        county_body           L M M M M M M       post L F F N N F W
backoffice:body_end                  body                  L M M M M M M       post L F F N N W W
backoffice:body_end@county           county_body           L M M M M M M       post L F F N N F W
backoffice:party_cease                council_pk            L F F N N 2 2       post L F F N N W W
backoffice:places                    -                     L 2 2 2 2 2 2       -
backoffice:general_parts             -                     L 2 2 2 2 2 2       -
backoffice:general_part_create       -                     L M M M M M M       post L F F F F F W
backoffice:general_part              general_part          L N N N N N 2       -
backoffice:general_part_amend        general_part          L M M M M M M       post L N N N N N W
backoffice:general_part_use          general_part          L M M M M M M       post L N N N N N W
backoffice:place_create              -                     L F F 2 F 2 2       post L F F W F W W
backoffice:place_edit                location              L F F 2 F 2 2       post L F F W F W W
# ---------------------------------------------------------------- personal data (L10)
privacy:subjects                     -                     L F F 2 F 2 2       -
privacy:person                       person                L F F N F 2 2       -
privacy:person_export                person                L F F N F 2 2       -
privacy:person_erase                 person                L F F N F 2 2       post L F F N F W W
privacy:guest                        guest                 L F F N F 2 2       -
privacy:guest@other                  other_guest           L F F 2 F N 2       -
privacy:guest_export                 guest                 L F F N F 2 2       -
privacy:guest_erase                  guest                 L F F N F 2 2       post L F F N F W W
# ---------------------------------------------------------------- REST API (/api/v1/), by token
api:index                            -                     2 2 2 2 2 2 2       post M M M M M M M
api:schema                           -                     2 2 2 2 2 2 2       -
api:docs                             -                     2 2 2 2 2 2 2       -
api:partnership-list                 -                     2 2 2 2 2 2 2       post M M M M M M M
api:partnership-detail               partnership_pk        2 2 2 2 2 2 2       post M M M M M M M
api:party-list                       -                     2 2 2 2 2 2 2       post M M M M M M M
api:party-detail                     council_pk            2 2 2 2 2 2 2       post M M M M M M M
api:body-list                        -                     2 2 2 2 2 2 2       post M M M M M M M
api:body-detail                      body                  2 2 2 2 2 2 2       post M M M M M M M
api:area-list                        -                     2 2 2 2 2 2 2       post M M M M M M M
api:area-detail                      area_pk               2 2 2 2 2 2 2       post M M M M M M M
api:location-list                    -                     2 2 2 2 2 2 2       post M M M M M M M
api:meeting-list                     -                     2 2 2 2 2 2 2       post U F F F F F F
api:meeting-list@draft               -                     2 2 2 2 2 2 2       post U V V W V V W
# The REST writes plan: refused in our concluded partnership to all (A18).
api:meeting-detail                   meeting               2 2 2 2 2 2 2      patch U F F F F F F
api:meeting-detail@other             other_meeting         2 2 2 2 2 2 2      patch U F F W F F W
api:meeting-detail@draft             other_hidden_meeting  N N N N N N N      patch U N N W N N W
api:meeting-items                    meeting               M M M M M M M       post U F F F F F F
api:meeting-items@draft              other_hidden_meeting  M M M M M M M       post U N N W N N W
api:meeting-notice                   meeting               M M M M M M M       post U F F F F F F
api:meeting-notice@other             other_meeting         M M M M M M M       post U F F W F F W
api:item-list                        -                     2 2 2 2 2 2 2       post M M M M M M M
api:item-detail                      item                  2 2 2 2 2 2 2      patch U F F F F F F
api:item-detail@other                other_closed_item     2 2 2 2 2 2 2      patch U F F W F F W
api:item-detail@draft                other_draft_item      N N N N N N N      patch U N N W N N W
api:proposal-list                    -                     2 2 2 2 2 2 2       post M M M M M M M
api:proposal-detail                  proposal              2 2 2 2 2 2 2       post M M M M M M M
api:follow-up-list                   -                     2 2 2 2 2 2 2       post M M M M M M M
api:follow-up-detail                 follow_up             2 2 2 2 2 2 2       post M M M M M M M
api:follow-up-detail@other           other_closed_follow_up N N N N N N N       -
api:follow-up-steps                  follow_up             M M M M M M M       post U F F F F W W
api:follow-up-steps@other            other_closed_follow_up M M M M M M M       post U N N W N N W
api:committee-list                   -                     2 2 2 2 2 2 2       post M M M M M M M
api:committee-detail                 committee             2 2 2 2 2 2 2       post M M M M M M M
api:not-found                        api_missing           N N N N N N N       -
# ---------------------------------------------------------------- OParl (/oparl/v1/), public
oparl:system                         -                     2 2 2 2 2 2 2       post M M M M M M M
oparl:bodies                         -                     2 2 2 2 2 2 2       post M M M M M M M
oparl:body                           oparl_body            2 2 2 2 2 2 2       post M M M M M M M
oparl:body@draft                     oparl_draft_body      N N N N N N N       -
oparl:file-access                    public_file           2 2 2 2 2 2 2       post M M M M M M M
oparl:file-access@exempt             exempt_file           N N N N N N N       -
oparl:file-download                  public_file           2 2 2 2 2 2 2       post M M M M M M M
oparl:organizations                  oparl_body            2 2 2 2 2 2 2       -
oparl:people                         oparl_body            2 2 2 2 2 2 2       -
oparl:meetings                       oparl_body            2 2 2 2 2 2 2       -
oparl:papers                         oparl_body            2 2 2 2 2 2 2       -
oparl:agenda-items                   oparl_body            2 2 2 2 2 2 2       -
oparl:consultations                  oparl_body            2 2 2 2 2 2 2       -
oparl:files                          oparl_body            2 2 2 2 2 2 2       -
oparl:memberships                    oparl_body            2 2 2 2 2 2 2       -
oparl:locations                      oparl_body            2 2 2 2 2 2 2       -
oparl:legislative-terms              oparl_body            2 2 2 2 2 2 2       -
oparl:organization                   oparl_organization    2 2 2 2 2 2 2       post M M M M M M M
oparl:person                         oparl_person          2 2 2 2 2 2 2       -
oparl:membership                     oparl_membership      2 2 2 2 2 2 2       -
oparl:meeting                        oparl_meeting         2 2 2 2 2 2 2       -
oparl:agenda-item                    oparl_item            2 2 2 2 2 2 2       -
oparl:paper                          oparl_paper           2 2 2 2 2 2 2       -
oparl:consultation                   oparl_consultation    2 2 2 2 2 2 2       -
oparl:file                           oparl_file            2 2 2 2 2 2 2       -
oparl:location                       oparl_location        2 2 2 2 2 2 2       -
oparl:legislative-term               oparl_term            2 2 2 2 2 2 2       -
# ---------------------------------------------------------------- document downloads
documents:file                       public_file           2 2 2 2 2 2 2       post M M M M M M M
documents:file@exempt                exempt_file           N 2 N N N 2 2       -
documents:file@other                 other_exempt_file     N N N 2 N N 2       -
# ---------------------------------------------------------------- feeds, public
links:forfall                        link_token            N N N N N N N       post N N N N N N N
links:disqualification               link_token            N N N N N N N       post N N N N N N N
links:substitute                     link_token            N N N N N N N       post N N N N N N N
# Public e-mail subscriptions and the digest's opt-out (issue 18): the signed token in the link
# is the credential, so every role gets the page; a forged token is refused by the service (400).
subscriptions:follow                 -                     M M M M M M M       post W W W W W W W
subscriptions:confirm                link_token            2 2 2 2 2 2 2       post W W W W W W W
subscriptions:unsubscribe            link_token            2 2 2 2 2 2 2       post W W W W W W W
reminders:opt_out                    link_token            2 2 2 2 2 2 2       post W W W W W W W
# «My notifications»: each signed-in person's own setting.
reminders:settings                   -                     L 2 2 2 2 2 2       post L W W W W W W
feeds:robots                         -                     2 2 2 2 2 2 2       -
feeds:sitemap                        -                     2 2 2 2 2 2 2       -
feeds:calendar                       -                     2 2 2 2 2 2 2       -
feeds:notices                        -                     2 2 2 2 2 2 2       -
feeds:minutes                        -                     2 2 2 2 2 2 2       -
feeds:followup                       -                     2 2 2 2 2 2 2       -
feeds:partnership_calendar           partnership           2 2 2 2 2 2 2       -
feeds:partnership_calendar@draft     draft_partnership     N N N N N N N       -
feeds:partnership_notices            partnership           2 2 2 2 2 2 2       -
feeds:partnership_notices@draft      draft_partnership     N N N N N N N       -
feeds:partnership_minutes            partnership           2 2 2 2 2 2 2       -
feeds:partnership_minutes@draft      draft_partnership     N N N N N N N       -
feeds:partnership_followup           partnership           2 2 2 2 2 2 2       -
feeds:partnership_followup@draft     draft_partnership     N N N N N N N       -
feeds:area_calendar                  area                  2 2 2 2 2 2 2       -
feeds:area_notices                   area                  2 2 2 2 2 2 2       -
feeds:area_minutes                   area                  2 2 2 2 2 2 2       -
feeds:area_followup                  area                  2 2 2 2 2 2 2       -
# ---------------------------------------------------------------- portal, public
portal:home                          -                     2 2 2 2 2 2 2       -
portal:search                        -                     2 2 2 2 2 2 2       -
portal:partnership                   partnership           2 2 2 2 2 2 2       -
portal:partnership@draft             draft_partnership     N N N N N N N       -
portal:meetings                      partnership           2 2 2 2 2 2 2       -
portal:meeting                       portal_meeting        2 2 2 2 2 2 2       -
portal:item                          portal_item           2 2 2 2 2 2 2       -
portal:item@closed                   portal_closed_item    2 2 2 2 2 2 2       -
portal:guests                        partnership           2 2 2 2 2 2 2       -
portal:proposals                     partnership           2 2 2 2 2 2 2       -
portal:proposal                      portal_proposal       2 2 2 2 2 2 2       -
portal:committees                    partnership           2 2 2 2 2 2 2       -
portal:committee                     portal_committee      2 2 2 2 2 2 2       -
portal:area                          area                  2 2 2 2 2 2 2       -
portal:agreement                     partnership           2 2 2 2 2 2 2       -
portal:agreement_pdf                 partnership           2 2 2 2 2 2 2       -
portal:cycle                         portal_year           2 2 2 2 2 2 2       -
portal:year                          portal_year           2 2 2 2 2 2 2       -
portal:evaluation                    partnership           2 2 2 2 2 2 2       -
portal:evaluation@other              other_portal          N N N N N N N       -
portal:evaluation_pdf                partnership           2 2 2 2 2 2 2       -
# ---------------------------------------------------------------- sign-in steps (accounts/)
accounts:verify                      -                     L 3 3 3 3 3 3       post L 3 3 3 3 3 3
accounts:enrol                       -                     L 2 2 2 2 2 2       post L W W W W W W
accounts:oidc_start                  -                     L L L L L L L       -
accounts:oidc_callback               -                     L L L L L L L       -
accounts:manage                      -                     L 2 2 2 2 2 2       -
accounts:language                    -                     L 2 2 2 2 2 2       post L W W W W W W
accounts:recovery_codes              -                     L 3 3 3 3 3 3       -
accounts:regenerate_codes            -                     M M M M M M M       post L W W W W W W
accounts:disable                     -                     M M M M M M M       post L W W W W W W
# ------------------------------------------------------- operations (core/health.py, metrics.py)
healthz                              -                     2 2 2 2 2 2 2       post M M M M M M M
readyz                               -                     2 2 2 2 2 2 2       post M M M M M M M
metrics                              -                     N N N N N N N       -
oparl:not-found                      oparl_missing         N N N N N N N       post M M M M M M M
# ---------------------------------------------------------------- admin (/admin/): operators only
admin:index                          -                     A A A A A A 2       -
admin:app_list                       admin_app             A A A A A A 2       -
admin:login                          -                     2 2 2 2 2 2 3       post W W W W W W W
admin:logout                         -                     3 3 3 3 3 3 M       post W W W W W W W
admin:password_change                -                     A A A A A A 2       post A A A A A A W
admin:password_change_done           -                     A A A A A A 2       -
admin:autocomplete                   -                     A A A A A A F       -
admin:jsi18n                         -                     A A A A A A 2       -
admin:view_on_site                   admin_view_on_site    A A A A A A N       -
admin:otp_totp_totpdevice_config     admin_totp_device     A A A A A A F       -
admin:otp_totp_totpdevice_qrcode     admin_totp_device     A A A A A A F       -
admin:archive_archiveexport_download admin_archive_export  A A A A A A N       -
admin:*_changelist                   admin_model           A A A A A A O       post A A A A A A O
admin:*_add                          admin_model           A A A A A A O       post A A A A A A O
admin:*_change                       admin_model           A A A A A A O       post A A A A A A O
admin:*_delete                       admin_model           A A A A A A O       post A A A A A A O
admin:*_history                      admin_model           A A A A A A O       -
admin:auth_user_password_change      admin_user            A A A A A A 2       post A A A A A A W
admin:admin/*/<path:object_id>/      admin_model           A A A A A A 3       -
admin:admin/(?P<url>.*)$             admin_missing         A A A A A A N       -
"""
# fmt: on

COLUMNS = tuple(ROLES)
CODES = set("23LUVFNMWAO")
API = "api:"


# ---------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Line:
    route: str  # the route's key, or a wildcard pattern for admin lines
    variant: str
    target: str
    get: dict[str, str]
    method: str  # "post", "patch", or "" when the route takes no writes
    write: dict[str, str]

    @property
    def label(self) -> str:
        return f"{self.route}@{self.variant}" if self.variant else self.route


def _parse(text: str) -> list[Line]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        route, _, variant = words[0].partition("@")
        get = words[2:9]
        rest = words[9:]
        method = ""
        write: list[str] = []
        if rest != ["-"]:
            method, write = rest[0], rest[1:]
        ok = (
            len(get) == len(COLUMNS)
            and set(get) <= CODES
            and (rest == ["-"] or (method in {"post", "patch"} and len(write) == len(COLUMNS)))
            and set(write) <= CODES
        )
        assert ok, f"MATRIX line {number} is malformed: {raw!r} (see the module docstring)"
        lines.append(
            Line(
                route,
                variant,
                words[1],
                dict(zip(COLUMNS, get, strict=True)),
                method,
                dict(zip(COLUMNS, write, strict=True)) if method else {},
            )
        )
    return lines


LINES = _parse(MATRIX)


# ---------------------------------------------------------------------------- the URL conf


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "namespace:" + the full pattern when unnamed
    pattern: str
    pattern_obj: URLPattern


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        else:
            full = prefix + str(p.pattern)
            key = f"{namespace}{p.name}" if p.name else f"{namespace}{full}"
            yield Route(key, full, p)


ROUTES = list(_walk(get_resolver().url_patterns))


def _lines_for(route: Route) -> list[Line]:
    """The lines naming the route exactly, or else the first wildcard line that matches."""
    exact = [line for line in LINES if line.route == route.key]
    if exact:
        return exact
    wild = [
        line for line in LINES if "*" in line.route and fnmatch.fnmatchcase(route.key, line.route)
    ]
    return wild[:1]


def _advice(route: Route) -> str:
    return (
        f"The route {route.key!r} ({route.pattern!r}) is not in the authorisation matrix. "
        f"Add a line to MATRIX in {__name__.replace('.', '/')}.py:\n"
        f"    {route.key}  <target>  <GET codes for a m o x e s O>  post|patch <codes> | -\n"
        "naming a target from TARGETS (or adding one) and the status each role must get; "
        "the module docstring explains the codes."
    )


def test_every_route_is_in_the_matrix() -> None:
    missing = [_advice(r) for r in ROUTES if not _lines_for(r)]
    assert not missing, "\n\n".join(missing)
    keys = [r.key for r in ROUTES]
    assert len(keys) == len(set(keys)), "two routes share a name; give one its own"


def test_a_new_view_without_a_line_fails_with_the_line_to_add() -> None:
    def view(request: Any) -> None:  # pragma: no cover - never called
        raise AssertionError

    patterns = [path("healthz/", view, name="healthz"), path("jobb/<int:pk>/", view)]
    new = list(
        _walk([URLResolver(RoutePattern("drift/"), patterns, app_name="ops", namespace="ops")])
    )
    assert [r.key for r in new] == ["ops:healthz", "ops:drift/jobb/<int:pk>/"]
    assert not any(_lines_for(r) for r in new)
    advice = _advice(new[0])
    assert "'ops:healthz'" in advice
    assert "tests/authorization/test_matrix.py" in advice


def test_every_matrix_line_names_a_route() -> None:
    stale = [line.label for line in LINES if not any(line in _lines_for(r) for r in ROUTES)]
    assert not stale, f"MATRIX lines for routes that no longer exist (or never match): {stale}"


# ---------------------------------------------------------------------------- the data


@pytest.fixture(scope="module")
def objects(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Objects]:
    """The demo and the other partnership, built once for the module in a transaction that is
    rolled back at its end (each test runs in a savepoint inside it)."""
    files = override_settings(PARTNERSKAP_FILES_DIR=str(tmp_path_factory.mktemp("files")))
    with django_db_blocker.unblock(), files:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


Target = Callable[[Objects, Route], "dict[str, Any] | str"]


def _admin_model(route: Route) -> Any:
    """The admin's model of an admin model route (from its path: ``admin/<app>/<model>/``)."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    assert match, route.pattern
    app, model = match.groups()
    return next(
        m for m in admin.site._registry if (m._meta.app_label, m._meta.model_name) == (app, model)
    )


def _is_model_route(route: Route) -> bool:
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    registered = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    return bool(match) and match.groups() in registered  # type: ignore[union-attr]


def _admin_object(route: Route) -> Any:
    model = _admin_model(route)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model.__name__} row to open in the admin: make one in world.py"
    return obj


def _admin_model_target(o: Objects, route: Route) -> dict[str, Any] | str:
    if "<path:object_id>" not in route.pattern:
        return {}
    pk = _admin_object(route).pk
    if route.pattern_obj.name:
        return {"object_id": pk}
    return "/" + route.pattern.replace("<path:object_id>", str(pk))


def _oparl(segment: str, key: str, kind: str = "") -> Target:
    def make(o: Objects, route: Route) -> dict[str, Any]:
        found = {"body": o["partnership_pk"], "pk": o[key]}
        return found | ({"kind": kind} if kind else {})

    return make


def _slugged(key: str) -> Target:
    return lambda o, r: {"partnership": o["partnership"], "pk": o[key]}


TARGETS: dict[str, Target] = {
    "-": lambda o, r: {},
    "oparl_missing": lambda o, r: "/oparl/v1/finnes-ikke/",
    "admin_totp_device": lambda o, r: {"pk": TOTPDevice.objects.order_by("pk").first().pk},  # type: ignore[union-attr]
    "admin_archive_export": lambda o, r: {"pk": ArchiveExport.objects.order_by("pk").first().pk},  # type: ignore[union-attr]
    # A personal link (issue 18): no role opens one without its token; an unknown one is 404.
    "link_token": lambda o, r: {"token": "1.not-a-secret:not-a-signature"},
    "meeting": lambda o, r: {"pk": o["meeting"]},
    "partnership_slug": lambda o, r: {"slug": o["partnership"]},
    "other_partnership_slug": lambda o, r: {"slug": o["other_partnership"]},
    "evaluation_action": lambda o, r: {"slug": o["partnership"], "action": "godkjenn"},
    "other_evaluation_action": lambda o, r: {"slug": o["other_partnership"], "action": "start"},
    "other_portal": lambda o, r: {"partnership": o["other_partnership"]},
    "person": lambda o, r: {"pk": o["person"]},
    "county_person": lambda o, r: {"pk": o["county_person"]},
    "delegate": lambda o, r: {"pk": o["delegate"]},
    "county_membership": lambda o, r: {"pk": o["county_membership"]},
    "party_council": lambda o, r: {"slug": o["council"]},
    "party_county": lambda o, r: {"slug": o["county"]},
    "county_body": lambda o, r: {"pk": o["county_body"]},
    "location": lambda o, r: {"pk": o["location"]},
    "guest": lambda o, r: {"pk": o["guest"]},
    "other_guest": lambda o, r: {"pk": o["other_guest"]},
    "other_meeting": lambda o, r: {"pk": o["other_meeting"]},
    "other_hidden_meeting": lambda o, r: {"pk": o["other_draft_partnership_meeting"]},
    "meeting_action": lambda o, r: {"pk": o["meeting"], "action": "publish_notice"},
    "other_meeting_action": lambda o, r: {"pk": o["other_meeting"], "action": "publish_notice"},
    "item": lambda o, r: {"pk": o["item"]},
    "closed_item": lambda o, r: {"pk": o["closed_item"]},
    "other_closed_item": lambda o, r: {"pk": o["other_closed_item"]},
    "other_draft_item": lambda o, r: {"pk": o["other_draft_item"]},
    "follow_up": lambda o, r: {"pk": o["follow_up"]},
    "other_closed_follow_up": lambda o, r: {"pk": o["other_closed_follow_up"]},
    "proposal": lambda o, r: {"pk": o["proposal"]},
    "committee": lambda o, r: {"pk": o["committee"]},
    "cost": lambda o, r: {"pk": o["cost"]},
    "allocation": lambda o, r: {"pk": o["allocation"]},
    "amendment": lambda o, r: {"pk": o["amendment"]},
    "version": lambda o, r: {"pk": o["version"]},
    "version_council": lambda o, r: {"pk": o["version"], "party": o["council"]},
    "version_county": lambda o, r: {"pk": o["version"], "party": o["county"]},
    "year": lambda o, r: {"slug": o["partnership"], "year": 2024},
    "other_year": lambda o, r: {"slug": o["other_partnership"], "year": 2026},
    "finance_council": lambda o, r: {"partnership": o["partnership"], "party": o["council"]},
    "finance_county": lambda o, r: {"partnership": o["partnership"], "party": o["county"]},
    "other_finance": lambda o, r: {
        "partnership": o["other_partnership"],
        "party": o["other_council"],
    },
    "partnership": lambda o, r: {"partnership": o["partnership"]},
    "draft_partnership": lambda o, r: {"partnership": o["other_draft_slug"]},
    "partnership_pk": lambda o, r: {"pk": o["partnership_pk"]},
    "council_pk": lambda o, r: {"pk": o["council_pk"]},
    "body": lambda o, r: {"pk": o["body"]},
    "general_part": lambda o, r: {"pk": o["general_part"]},
    "area_pk": lambda o, r: {"pk": o["area_pk"]},
    "area": lambda o, r: {"partnership": o["partnership"], "area": o["area"]},
    "api_missing": lambda o, r: "/api/v1/finnes-ikke/",
    "public_file": lambda o, r: {"pk": o["public_file"]},
    "exempt_file": lambda o, r: {"pk": o["exempt_file"]},
    "other_exempt_file": lambda o, r: {"pk": o["other_exempt_file"]},
    "oparl_body": lambda o, r: {"body": o["partnership_pk"]},
    "oparl_draft_body": lambda o, r: {"body": o["other_draft_partnership"]},
    "oparl_organization": _oparl("organization", "council_pk", "party"),
    "oparl_person": _oparl("person", "person"),
    "oparl_membership": _oparl("membership", "delegate", "delegate"),
    "oparl_meeting": _oparl("meeting", "meeting"),
    "oparl_item": _oparl("agenda-item", "item"),
    "oparl_paper": _oparl("paper", "proposal", "proposal"),
    "oparl_consultation": _oparl("consultation", "follow_up", "follow-up"),
    "oparl_file": _oparl("file", "document", "document"),
    "oparl_location": _oparl("location", "location"),
    "oparl_term": _oparl("legislative-term", "partnership_pk"),
    "portal_meeting": _slugged("meeting"),
    "portal_item": _slugged("item"),
    "portal_closed_item": _slugged("closed_item"),
    "portal_proposal": _slugged("proposal"),
    "portal_committee": _slugged("committee"),
    "portal_year": lambda o, r: {"partnership": o["partnership"], "year": 2024},
    "admin_app": lambda o, r: {"app_label": "agreements"},
    "admin_model": _admin_model_target,
    "admin_user": lambda o, r: {"id": o.users["own"].pk},
    "admin_view_on_site": lambda o, r: {
        "content_type_id": ContentType.objects.get(app_label="agreements", model="partnership").pk,
        "object_id": o["partnership_pk"],
    },
    "admin_missing": lambda o, r: "/admin/finnes-ikke/",
}


def _new_meeting(partnership: str) -> Callable[[Objects], dict[str, Any]]:
    return lambda o: {
        "partnership": o[partnership],
        "title": "Ekstra møte",
        "starts_at": "2024-11-05T10:00:00+01:00",
        "ends_at": "2024-11-05T12:00:00+01:00",
    }


#: Bodies for writes that validate their input before they check permissions, by line.
PAYLOADS: dict[str, Callable[[Objects], dict[str, Any]]] = {
    "api:meeting-list": _new_meeting("partnership_pk"),
    "api:meeting-list@draft": _new_meeting("other_draft_partnership"),
}


def _url(o: Objects, route: Route, line: Line) -> str:
    built = TARGETS[line.target](o, route)
    if isinstance(built, str):
        return built
    return reverse(route.key, kwargs=built)


# ---------------------------------------------------------------------------- the checks


def _login_paths() -> tuple[str, str]:
    return reverse("backoffice:login"), reverse("admin:login")


def _to_login(response: Any) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and location.split("?")[0] in _login_paths()


def _admin_offers(route: Route, user: Any, obj: Any, *, write: bool) -> bool:
    """Whether the route's ModelAdmin offers its page (GET) or its action (a write) to
    ``user``, for ``obj`` (the object of a change, delete or history page)."""
    model_admin = admin.site._registry[_admin_model(route)]
    request = RequestFactory().get("/")
    request.user = user
    kind = route.key.rsplit("_", 1)[-1]
    if kind == "add":
        return bool(model_admin.has_add_permission(request))
    if kind == "delete":
        return bool(model_admin.has_delete_permission(request, obj))
    if kind == "change" and write:
        return bool(model_admin.has_change_permission(request, obj))
    if kind in {"change", "history"}:
        return bool(model_admin.has_view_or_change_permission(request, obj))
    return bool(model_admin.has_view_or_change_permission(request))


def _read(response: Any) -> Any:
    """Read a streamed body out, so that the file behind it is closed."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _meets(code: str, response: Any, *, write: bool, admin_allows: bool) -> bool:
    status = response.status_code
    if code == "O":
        code = ("W" if write else "2") if admin_allows else "F"
    if code == "W":
        return (200 <= status < 400 and not _to_login(response)) or status in {400, 409}
    if code == "A":
        return _to_login(response) or status == 403
    if code == "L":
        return _to_login(response)
    if code == "3":
        return 300 <= status < 400
    wanted = {"2": 200, "U": 401, "V": 400, "F": 403, "N": 404, "M": 405}[code]
    return status == wanted


def _cases() -> Iterator[Any]:
    for route in ROUTES:
        for line in _lines_for(route):
            label = route.key if "*" in line.route else line.label
            for role in COLUMNS:
                yield pytest.param(route, line, role, id=f"{label}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "line", "role"), list(_cases()))
def test_route_answers_each_role_as_the_matrix_says(
    objects: Objects, route: Route, line: Line, role: str
) -> None:
    client = Client()
    headers: dict[str, str] = {}
    if role != "anonymous":
        sign_in(client, objects.users[role])
        if route.key.startswith(API):
            headers["Authorization"] = f"Bearer {objects.tokens[role]}"
    url = _url(objects, route, line)
    allows = route.key.startswith("admin:") and "O" in (line.get[role], line.write.get(role))
    operator = objects.users["operator"]

    def offers(write: bool) -> bool:
        if not allows:
            return False
        obj = _admin_object(route) if "object_id" in route.pattern else None
        return _admin_offers(route, operator, obj, write=write)

    checks = [("GET", line.get[role], _read(client.get(url, headers=headers)), False)]
    if line.method:
        payload = PAYLOADS.get(line.label, lambda o: {})(objects)
        if route.key.startswith(API):
            send = getattr(client, line.method)
            response = send(url, payload, content_type="application/json", headers=headers)
        else:
            response = client.post(url, payload, headers=headers)
        _read(response)
        checks.append((line.method.upper(), line.write[role], response, True))
    for method, code, response, write in checks:
        where = f"{method} {url} as {role} ({ROLES[role] or 'not signed in'})"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        assert _meets(code, response, write=write, admin_allows=offers(write)), (
            f"{where}: got {response.status_code} {response.get('Location', '')}, "
            f"the matrix says {code!r} (line {line.label!r})"
        )
