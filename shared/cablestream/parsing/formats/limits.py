"""Limits every container obeys (archive bombs, endless nesting), and the errors they raise.

The limits hold for an input as a whole: one :class:`Budget` travels from the outermost container into
every container inside it, so sixteen zips of sixteen zips of a 400 MB member (a 12 KB upload) stop at
``MAX_TOTAL_BYTES`` instead of inflating 100 GB, and a gzip inside an archive spends the same budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cablestream.parsing.base import Input, Outcome, ParseError, ParseFailure

MAX_DEPTH = 4  # an archive in an archive in an archive in an archive, no deeper
MAX_MEMBERS = 100_000  # well above the 251,287-cable archive split into a few files
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed bytes one container may expand to
MAX_MEMBER_BYTES = 512 * 1024**2
# One cable: its parse holds some 14 times its size (decoded text, lines, cleaned body, paragraphs, the
# record) and its record is twice its size, so one cable glued 50,000 times (a 400 KB zip of 400 MB of
# text) took 5 GB of a worker and made a record OpenSearch refuses.  The longest cables of the archive
# are a few hundred KB.
MAX_CABLE_BYTES = 16 * 1024**2


class ContainerError(ParseError):
    """A container (zip, tar, gzip) is damaged or unreadable."""


class TooDeep(ContainerError):
    """Containers nested deeper than :data:`MAX_DEPTH`."""


class ArchiveTooLarge(ContainerError):
    """More members or more uncompressed bytes than the limits allow (an archive bomb, or a mistake)."""


class CableTooLarge(ParseError):
    """A page, text or CSV row larger than :data:`MAX_CABLE_BYTES`: no cable is."""


def check_cable_size(size: int, what: str | None) -> None:
    if size > MAX_CABLE_BYTES:
        raise CableTooLarge(f"{what or 'cable'}: {size} bytes, more than one cable holds ({MAX_CABLE_BYTES})")


def cable_bytes(item: Input) -> bytes:
    """The bytes of an input that holds one cable, refused before they are read when no cable is that large."""
    check_cable_size(item.size, item.name)
    return item.content()


@dataclass
class Budget:
    """Counts what a container has expanded so far; raises once a limit is crossed."""

    members: int = 0
    total: int = 0

    def admit(self, size: int) -> int:
        """Account for one member of (declared) ``size``; returns how many bytes it may still read."""
        self.members += 1
        if self.members > MAX_MEMBERS:
            raise ArchiveTooLarge(f"more than {MAX_MEMBERS} members")
        if size > MAX_MEMBER_BYTES or self.total + size > MAX_TOTAL_BYTES:
            raise ArchiveTooLarge(f"expands beyond {MAX_TOTAL_BYTES} bytes")
        return min(MAX_MEMBER_BYTES, MAX_TOTAL_BYTES - self.total)

    def consumed(self, size: int) -> None:
        self.total += size
        if self.total > MAX_TOTAL_BYTES:
            raise ArchiveTooLarge(f"expands beyond {MAX_TOTAL_BYTES} bytes")

    def charge(self, size: int) -> None:
        """A member read through whether it is parsed or not (a tar's, in its stream): counted, and its bytes."""
        self.admit(size)
        self.consumed(size)


def budget_of(item: Input) -> Budget:
    """The budget of the input these bytes belong to (a new one for the outermost)."""
    return item.budget if item.budget is not None else Budget()


def check_depth(item: Input) -> None:
    if item.depth >= MAX_DEPTH:
        raise TooDeep(f"{item.name or 'container'}: nested deeper than {MAX_DEPTH} containers")


def member_input(item: Input, member: str, data: bytes, budget: Budget) -> Input:
    """A member carries the container's hash (where the bytes are stored), a path-like name and the budget."""
    return Input(data=data, name=f"{item.name or ''}!{member}", sha256=item.sha256, depth=item.depth + 1,
                 budget=budget)


def skipped(member: str) -> bool:
    """Operating-system debris inside archives, not documents."""
    base = member.rsplit("/", 1)[-1]
    return member.startswith("__MACOSX/") or base.startswith("._") or base in {".DS_Store", "Thumbs.db"}


def walk_members(item: Input, members: Iterable[tuple[str, Callable[[Budget], bytes]]],
                 budget: Budget) -> Iterator[Outcome]:
    """Parse each ``(name, read)`` member of a container through the dispatcher, within the input's budget.

    A member that cannot be read is a failure of its own and the others go on; crossing a limit stops
    the whole container (what is left is not worth reading).
    """
    from cablestream.parsing.dispatch import parse_input  # the dispatcher imports the formats

    check_depth(item)
    for name, read in members:
        if skipped(name):
            continue
        try:
            member = member_input(item, name, read(budget), budget)
        except ArchiveTooLarge:
            raise
        except ParseError as err:
            yield ParseFailure.from_error(err, f"{item.name or ''}!{name}", 0)
            continue
        yield from parse_input(member)
        # Let go of this member before reading the next: held, it doubled what a bomb of 400 MB members costs.
        del member
