"""``gateway-token``: mint development tokens with the gateway's own settings.

There is no identity provider in development, so frontends and scripts get their tokens here.
The secret comes from GATEWAY_JWT_SECRET, the same variable the running gateway reads, so
the tokens printed are exactly the ones it accepts.

    gateway-token --role iom_officer --subject officer-1 [--ttl 3600]
    gateway-token --demo [--json]
"""

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Final

from pydantic import ValidationError

from diaspora_shared.contracts.vocabulary import Role

from .auth import mint_token
from .settings import GatewaySettings

DEMO_USERS: Final[tuple[tuple[Role, str], ...]] = (
    (Role.IOM_OFFICER, "demo-officer"),
    (Role.MINISTRY_VIEWER, "demo-minaffet"),
    (Role.APPLICANT, "demo-applicant-1"),
    (Role.APPLICANT, "demo-applicant-2"),
    (Role.REVIEWER, "demo-reviewer-1"),
    (Role.REVIEWER, "demo-reviewer-2"),
)
EXIT_BAD_SETTINGS: Final = 2  # same code argparse uses for a bad command line

Minted = tuple[Role, str, str]


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
    users = DEMO_USERS if args.demo else ((args.role, args.subject),)
    minted = [
        (role, subject, mint_token(settings, subject, role, args.ttl)) for role, subject in users
    ]
    print(_render(minted, as_json=args.json, demo=args.demo))
    return 0


def _render(minted: list[Minted], *, as_json: bool, demo: bool) -> str:
    if as_json:
        return _as_json(minted)
    if demo:
        return _as_lines(minted)
    # A lone token prints bare so that TOKEN=$(gateway-token ...) just works.
    return minted[0][2]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gateway-token",
        description="Mint gateway tokens signed with GATEWAY_JWT_SECRET.",
    )
    parser.add_argument("--role", type=Role, choices=list(Role), help="role the token grants")
    parser.add_argument("--subject", type=_non_empty, help="who the token speaks for")
    parser.add_argument("--ttl", type=_positive_int, help="lifetime in seconds (default: settings)")
    parser.add_argument("--demo", action="store_true", help="one token per demo user")
    parser.add_argument("--json", action="store_true", help="print a JSON object keyed by subject")
    return parser


def _check_combination(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.demo and (args.role or args.subject):
        parser.error("--demo mints the demo users; leave out --role and --subject")
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
    return "\n".join(f"{role.value} {subject} {token}" for role, subject, token in minted)


def _as_json(minted: list[Minted]) -> str:
    by_subject = {subject: {"role": role.value, "token": token} for role, subject, token in minted}
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
