"""``gateway-token``: mint development tokens with the gateway's own settings.

There is no identity provider in development, so frontends and scripts get their tokens here.
The secret comes from GATEWAY_JWT_SECRET, the same variable the running gateway reads, so
the tokens printed are exactly the ones it accepts.

    gateway-token --role iom_officer --subject officer-1 [--org IOM-RW] [--ttl 3600]
    gateway-token --demo [--json]
"""

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Final

from pydantic import ValidationError

from diaspora_shared.contracts.reference import ORGANISATION_CODES
from diaspora_shared.contracts.vocabulary import Role

from .auth import mint_token
from .settings import GatewaySettings

DemoUser = tuple[Role, str, str | None]
# One token per partner organisation: two host institutions (each sees only its own pages)
# and a pilot project, besides the applicants and reviewers, who speak for nobody else.
DEMO_USERS: Final[tuple[DemoUser, ...]] = (
    (Role.IOM_OFFICER, "demo-officer", "IOM-RW"),
    (Role.IOM_OFFICER, "demo-iom-belgium", "IOM-BE"),
    (Role.MINISTRY_VIEWER, "demo-minaffet", "MINAFFET"),
    (Role.MINISTRY_VIEWER, "demo-mineduc", "MINEDUC"),
    (Role.MINISTRY_VIEWER, "demo-moh", "MOH"),
    (Role.MINISTRY_VIEWER, "demo-rwanda-polytechnic", "RP"),
    (Role.HOST_INSTITUTION, "demo-iprc-kigali", "IPRC-KGL"),
    (Role.HOST_INSTITUTION, "demo-iprc-huye", "IPRC-HYE"),
    (Role.HOST_INSTITUTION, "demo-chuk", "CHUK"),
    (Role.PILOT_PROJECT, "demo-pilot-project-1", "PILOT-01"),
    (Role.APPLICANT, "demo-applicant-1", None),
    (Role.APPLICANT, "demo-applicant-2", None),
    (Role.REVIEWER, "demo-reviewer-1", None),
    (Role.REVIEWER, "demo-reviewer-2", None),
)
EXIT_BAD_SETTINGS: Final = 2  # same code argparse uses for a bad command line

Minted = tuple[Role, str, str | None, str]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the requested tokens; return the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    _check_combination(parser, args)
    try:
        settings = GatewaySettings()
    except ValidationError as error:
        print(_describe(error), file=sys.stderr)
        return EXIT_BAD_SETTINGS
    users = DEMO_USERS if args.demo else ((args.role, args.subject, args.org),)
    minted = [
        (role, subject, org, mint_token(settings, subject, role, args.ttl, org=org))
        for role, subject, org in users
    ]
    print(_render(minted, as_json=args.json, demo=args.demo))
    return 0


def _render(minted: list[Minted], *, as_json: bool, demo: bool) -> str:
    if as_json:
        return _as_json(minted)
    if demo:
        return _as_lines(minted)
    # A lone token prints bare so that TOKEN=$(gateway-token ...) just works.
    return minted[0][3]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gateway-token",
        description="Mint gateway tokens signed with GATEWAY_JWT_SECRET.",
    )
    parser.add_argument("--role", type=Role, choices=list(Role), help="role the token grants")
    parser.add_argument("--subject", type=_non_empty, help="who the token speaks for")
    parser.add_argument(
        "--org", choices=sorted(ORGANISATION_CODES), help="organisation the token speaks for"
    )
    parser.add_argument("--ttl", type=_positive_int, help="lifetime in seconds (default: settings)")
    parser.add_argument("--demo", action="store_true", help="one token per demo user")
    parser.add_argument("--json", action="store_true", help="print a JSON object keyed by subject")
    return parser


def _check_combination(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.demo and (args.role or args.subject or args.org):
        parser.error("--demo mints the demo users; leave out --role, --subject and --org")
    if not args.demo and not (args.role and args.subject):
        parser.error("--role and --subject are required unless --demo is given")


def _non_empty(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from error
    if number <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return number


def _as_lines(minted: list[Minted]) -> str:
    return "\n".join(
        f"{role.value} {subject} {org or '-'} {token}" for role, subject, org, token in minted
    )


def _as_json(minted: list[Minted]) -> str:
    by_subject = {
        subject: {"role": role.value, "org": org, "token": token}
        for role, subject, org, token in minted
    }
    return json.dumps(by_subject, indent=2)


def _describe(error: ValidationError) -> str:
    """Name the environment variables at fault instead of pydantic's field paths."""
    lines = ["gateway-token: the gateway settings are not usable:"]
    for problem in error.errors():
        lines.append("  " + _problem_line(problem["type"], problem["loc"], problem["msg"]))
    return "\n".join(lines)


def _problem_line(kind: str, location: tuple[int | str, ...], message: str) -> str:
    if kind == "value_error":
        # Our own validators already name the variable; drop pydantic's "Value error, ".
        return message.removeprefix("Value error, ")
    variable = "GATEWAY_" + "_".join(str(part) for part in location).upper()
    return f"{variable}: {'is not set' if kind == 'missing' else message}"


if __name__ == "__main__":
    raise SystemExit(main())
