"""A build's record of each release (the incremental cache in the output folder): a
skipped release reports what it reported when it was built, and the newsroom page
lists what the record says each folder holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from presskit.errors import Problem
from presskit.publish.incremental import BuildCache, Entry, usable_output_name
from presskit.publish.newsroom import Listing
from presskit.publish.outcome import BuildOptions, OutputFile, PackFile, ReleaseOutcome, refusal_message

# ---------------------------------------------------------------------------
# The incremental cache


def from_cache(source: Path, entry: Entry, options: BuildOptions) -> ReleaseOutcome | None:
    """A release the cache says is up to date: its earlier outcome, or a refusal if it is embargoed
    now; None when the record cannot be read back (the release is then built afresh)."""
    try:
        return _outcome_recorded(source, entry, options)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _outcome_recorded(source: Path, entry: Entry, options: BuildOptions) -> ReleaseOutcome | None:
    report = entry.report
    listing = recorded_listing(report["listing"])
    if listing is None or report.get("embargoed") is not listing.under_embargo(options.now):
        return None  # a broken record, or the embargo lifted since: its pages say otherwise now
    warnings = [_problem_from_json(p) for p in report["warnings"]]
    problems = [_problem_from_json(p) for p in report.get("problems", [])]  # locales left out
    if options.public and listing.embargo is not None:
        refusal = refusal_message(listing.slug, listing.embargo.at, options.now)
        if refusal:
            return ReleaseOutcome(source, "refused", listing.slug, warnings=warnings, message=refusal)
    pack = report.get("pack")
    return ReleaseOutcome(
        source,
        "skipped",
        listing.slug,
        listing,
        [OutputFile.from_json(f) for f in report["files"]],
        problems=problems,
        warnings=warnings,
        pack=PackFile(Path(pack["path"]), pack["size"], pack["sha256"], tuple(pack["releases"]))
        if pack
        else None,
    )


def recorded_listing(data: Any) -> Listing | None:
    """The listing a record holds, when every field has the type and form the pages need
    (a record is untrusted: a hand edit must mean a rebuild, never a crash)."""
    texts = ("slug", "headline", "locale", "date", "type_label", "standfirst", "organisation")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in texts):
        return None
    optional = ("organisation_url", "embargo_at", "embargo_zone", "pack")
    if not all(data.get(k) is None or isinstance(data.get(k), str) for k in optional):
        return None
    lists = ("embargo_also_in", "locales")
    if not all(isinstance(data.get(k), list) and all(isinstance(v, str) for v in data[k]) for k in lists):
        return None
    pages = data.get("pages")
    if not isinstance(pages, dict) or not all(
        isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in pages.values()
    ):
        return None
    if data.get("pack_size") is not None and type(data.get("pack_size")) is not int:
        return None
    try:
        dt.date.fromisoformat(data["date"])
        listing = Listing.from_json(data)
        if listing.embargo is not None and listing.embargo.at.tzinfo is None:
            return None
    except (ValueError, TypeError):
        return None
    return listing


def _problem_from_json(data: dict[str, Any]) -> Problem:
    return Problem(
        data["message"],
        Path(data["path"]) if data["path"] else None,
        data["line"],
        data["column"],
        data["field"],
        data["hint"],
        data["severity"],
    )


def update_cache(
    cache: BuildCache, outcomes: list[ReleaseOutcome], key: str, public: bool, now: dt.datetime
) -> None:
    """Record what was built and forget what was refused (and, in a public run, invalid or
    failed): cleanup.py then removes what no record vouches for."""
    out_dir = cache.out_dir
    for outcome in outcomes:
        name = cache.key(outcome.source)
        if outcome.status == "built" and outcome.listing is not None:
            outputs: dict[str, list[int]] = {}
            for path in outcome.written:
                stat = (out_dir / path).stat()
                outputs[path] = [stat.st_size, stat.st_mtime_ns]
            cache.entries[name] = Entry(
                key,
                outcome.inputs,
                outcome.trees,
                outputs,
                {
                    "listing": outcome.listing.as_json(),
                    "embargoed": outcome.listing.under_embargo(now),  # its pages say so
                    "files": [f.as_json() for f in outcome.files],
                    "warnings": [p.as_json() for p in outcome.warnings],
                    "problems": [p.as_json() for p in outcome.problems],
                    "pack": outcome.pack.as_json() | {"path": str(outcome.pack.path)}
                    if outcome.pack
                    else None,
                },
            )
        elif outcome.status == "refused" or (public and outcome.status in ("invalid", "failed")):
            cache.entries.pop(name, None)


def record_pages(
    options: BuildOptions,
    pages: dict[str, Any],
    cache: BuildCache | None = None,
    inputs: str | None = None,
    *,
    entries_changed: bool = True,
) -> None:
    """Remember the newsroom pages just written (their hashes, whether public, what they list),
    so a later run that does not write them knows whether they may stay (cleanup.py); saved
    with `cache` when given, else with the output folder's cache as it is. Not saved when
    neither its entries (`entries_changed` False) nor the pages' record changed and the cache
    file read back whole: it says all of this already (a merge of 2,000 releases, again)."""
    cache = cache or BuildCache(options.out_dir)
    files = {}
    for name in ("index.html", "feed.xml"):
        try:
            files[name] = hashlib.sha256((options.out_dir / name).read_bytes()).hexdigest()
        except OSError:
            continue
    recorded = {"public": options.public, "slugs": pages["listed"], "files": files}
    if inputs is not None:
        recorded["inputs"] = inputs  # what they were made from (pages.page_inputs)
    if not entries_changed and recorded == cache.pages and not cache.warnings and cache.path.is_file():
        return
    cache.pages = recorded
    cache.save()


def merged_entries(cache: BuildCache, shard_folder: Path, slugs: set[str]) -> bool:
    """Take into `cache` the records of a shard's releases (by slug) from the shard folder's own
    cache, their outputs stamped as they now are in `cache`'s folder: a later unsharded build
    into the merged folder then skips what is up to date. A record whose outputs are not all
    there is left out (that release is simply built again). True when a record changed."""
    changed = False
    base = os.fspath(cache.out_dir)
    for key, entry in BuildCache(shard_folder).entries.items():
        listing: Any = entry.report.get("listing")
        if not isinstance(listing, dict) or listing.get("slug") not in slugs:
            continue
        outputs: dict[str, list[int]] = {}
        for name in entry.outputs:
            try:  # a usable name is plain parts joined by "/": the same path as out_dir / name
                stat = os.lstat(os.path.join(base, name)) if usable_output_name(name) else None
            except OSError:
                stat = None
            if stat is None:
                break
            outputs[name] = [stat.st_size, stat.st_mtime_ns]
        else:
            merged = Entry(entry.fingerprint, entry.inputs, entry.trees, outputs, entry.report)
            if cache.entries.get(key) != merged:
                cache.entries[key] = merged
                changed = True
    return changed
