"""Reading a data package descriptor and its Table Schemas.

The Table Schema JSON files are the single definition of every table's columns: the
DuckDB view types, the pandera checks and the docs all follow from the objects here.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._bundle import default_package_path

TABLES = (
    "outlets",
    "articles",
    "boilerplate",
    "entities",
    "entity_titles",
    "mentions",
    "quotes",
    "claims",
    "claim_mentions",
)
"""The tables every falseflag corpus has, in dependency order."""

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "time": "TIME",
    "year": "INTEGER",
    "any": "VARCHAR",
}
"""Table Schema field type -> DuckDB column type."""

FORMATS = ("csv", "parquet")

FIELD_TYPES = ("string", "number", "integer", "boolean", "object", "array", "list", "date", "time", "datetime",
               "year", "yearmonth", "duration", "geopoint", "geojson", "any")
"""The field types of the Table Schema specification."""

COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".zstd", ".zip", ".lz4", ".br", ".snappy")
"""Suffixes of compressed files, which falseflag does not read (DuckDB would decompress them silently)."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_GLOB = re.compile(r"[*?\[\]{}]")


class PackageError(Exception):
    """The package cannot be read (missing descriptor, not JSON, bad structure, a file refused).

    ``file`` is the file at fault (the descriptor, a schema or a data file), ``field`` the
    column or schema field when there is one.
    """

    def __init__(self, file: Path | str, message: str, field: str | None = None):
        self.file = str(file)
        self.message = message
        self.field = field
        super().__init__(f"{file}: {message}")


@dataclass(frozen=True)
class Field:
    """One column of a table, as its Table Schema declares it."""

    name: str
    type: str = "string"
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[Any, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES.get(self.type, "VARCHAR")

    @classmethod
    def from_descriptor(cls, d: Any, position: int = 0) -> Field:
        """A field from its Table Schema entry; SchemaFault for anything malformed."""
        if not isinstance(d, dict):
            raise SchemaFault(f"fields[{position}] is not an object")
        name = d.get("name")
        if not isinstance(name, str) or not name:
            raise SchemaFault(f"fields[{position}] has no name")
        kind = d.get("type", "string")
        if kind not in FIELD_TYPES:
            raise SchemaFault(f"type {kind!r} is not a Table Schema type ({', '.join(FIELD_TYPES)})", name)
        c = d.get("constraints", {})
        if not isinstance(c, dict):
            raise SchemaFault(f"constraints must be an object, not {_json_kind(c)}", name)
        for flag in ("required", "unique"):
            if flag in c and not isinstance(c[flag], bool):
                raise SchemaFault(f"constraints.{flag} must be true or false, not {c[flag]!r}", name)
        enum = c.get("enum")
        if enum is not None and not isinstance(enum, list):
            raise SchemaFault(f"constraints.enum must be a list, not {_json_kind(enum)}", name)
        pattern = c.get("pattern")
        if pattern is not None:
            if not isinstance(pattern, str):
                raise SchemaFault(f"constraints.pattern must be a string, not {_json_kind(pattern)}", name)
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SchemaFault(f"constraints.pattern {pattern!r} is not a valid regular expression: {exc}", name) from None
        bounds = {}
        for bound in ("minimum", "maximum"):
            value = c.get(bound)
            if value is None:
                continue
            if kind in ("integer", "number", "year") and (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)):
                raise SchemaFault(f"constraints.{bound} must be a number, not {value!r}", name)
            if kind in ("integer", "number", "year"):
                bounds[bound] = value
        description = d.get("description", "")
        return cls(
            name=name,
            type=kind,
            description=description if isinstance(description, str) else str(description),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            enum=tuple(enum) if enum is not None else None,
            pattern=pattern,
            minimum=bounds.get("minimum"),
            maximum=bounds.get("maximum"),
        )


class SchemaFault(ValueError):
    """A malformed part of a Table Schema, and the field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        self.message, self.field = message, field
        super().__init__(message)


def _json_kind(value: Any) -> str:
    return {str: "a string", list: "a list", dict: "an object", bool: "a boolean", int: "a number", float: "a number"}.get(type(value), "null" if value is None else type(value).__name__)


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    missing_values: tuple[str, ...] = ("",)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @classmethod
    def from_descriptor(cls, d: dict[str, Any], resource_name: str) -> TableSchema:
        """A Table Schema from its JSON; SchemaFault for anything malformed."""
        fields = tuple(Field.from_descriptor(f, i) for i, f in enumerate(d["fields"]))
        names = [f.name for f in fields]
        for name in names:
            if names.count(name) > 1:
                raise SchemaFault(f"field {name!r} is declared more than once", name)
        pk = _names(d.get("primaryKey") or [], "primaryKey")
        for name in pk:
            if name not in names:
                raise SchemaFault(f"primaryKey names {name!r}, which is not a field", name)
        fks = []
        foreign_keys = d.get("foreignKeys") or []
        if not isinstance(foreign_keys, list):
            raise SchemaFault(f"foreignKeys must be a list, not {_json_kind(foreign_keys)}")
        for i, fk in enumerate(foreign_keys):
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if not isinstance(ref, dict):
                raise SchemaFault(f"foreignKeys[{i}] has no reference object")
            own = _names(fk.get("fields"), f"foreignKeys[{i}].fields")
            other = _names(ref.get("fields"), f"foreignKeys[{i}].reference.fields")
            for name in own:
                if name not in names:
                    raise SchemaFault(f"foreignKeys[{i}] names {name!r}, which is not a field", name)
            if len(own) != len(other) or not own:
                raise SchemaFault(f"foreignKeys[{i}] has {len(own)} fields but its reference has {len(other)}")
            resource = ref.get("resource") or resource_name  # empty or absent: the table refers to itself
            if not isinstance(resource, str):
                raise SchemaFault(f"foreignKeys[{i}].reference.resource must be a string")
            fks.append(ForeignKey(fields=own, resource=resource, reference_fields=other))
        missing = d.get("missingValues", [""])
        if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
            raise SchemaFault("missingValues must be a list of strings")
        return cls(fields=fields, primary_key=pk, foreign_keys=tuple(fks), missing_values=tuple(missing))


def _names(value: Any, what: str) -> tuple[str, ...]:
    """A field name or a list of them, as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise SchemaFault(f"{what} must be a field name or a list of them, not {_json_kind(value)}")


@dataclass(frozen=True)
class Resource:
    """A table of the package: where its file is, its format and its schema."""

    name: str
    path: Path
    relpath: str
    format: str
    schema: TableSchema
    schema_path: Path | None = None


@dataclass
class DataPackage:
    """A loaded descriptor: its location, raw JSON and resources by name."""

    descriptor_path: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.descriptor_path.parent

    @property
    def version(self) -> str | None:
        return self.descriptor.get("version")

    def __getitem__(self, name: str) -> Resource:
        return self.resources[name]


def read_json(path: Path) -> Any:
    """Parse a JSON file, turning every failure into a PackageError naming the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(path, "file not found") from None
    except OSError as exc:
        raise PackageError(path, f"cannot read: {exc.strerror}") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PackageError(path, f"not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise PackageError(path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


def resolve_descriptor(path: str | Path | None) -> Path:
    """Turn a folder, a descriptor path or None (the bundled corpus) into a descriptor path."""
    p = Path(path) if path is not None else default_package_path()
    if p.is_dir():
        p = p / "datapackage.json"
    return p


def _inside(root: Path, relpath: str, descriptor: Path, what: str) -> Path:
    """``root / relpath``, for a path that names one local file at or below the descriptor."""
    if not relpath.strip():
        raise PackageError(descriptor, f"{what} is empty")
    if _SCHEME.match(relpath) or relpath.startswith("//"):
        raise PackageError(descriptor, f"{what} {relpath!r} is a URL; falseflag reads only files inside the package folder")
    if Path(relpath).is_absolute() or ".." in Path(relpath).parts or "\\" in relpath:
        raise PackageError(descriptor, f"{what} {relpath!r} must be a relative path at or below the descriptor")
    if _GLOB.search(relpath):
        raise PackageError(descriptor, f"{what} {relpath!r} holds a glob character (* ? [ ] {{ }}); name one file")
    if relpath.lower().endswith(COMPRESSED):
        raise PackageError(descriptor, f"{what} {relpath!r} is a compressed file; decompress it first")
    return root / relpath


def load_package(path: str | Path | None = None) -> DataPackage:
    """Load a data package descriptor and the Table Schemas of its resources.

    ``path`` is a folder, a ``datapackage.json`` or None for the bundled corpus.
    Raises PackageError when the descriptor or a schema cannot be read.
    """
    descriptor_path = resolve_descriptor(path).resolve()
    descriptor = read_json(descriptor_path)
    if not isinstance(descriptor, dict):
        raise PackageError(descriptor_path, "the descriptor must be a JSON object")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise PackageError(descriptor_path, "the descriptor has no 'resources' list")
    pkg = DataPackage(descriptor_path=descriptor_path, descriptor=descriptor)
    for i, res in enumerate(resources):
        resource = load_resource(res, i, descriptor_path)
        pkg.resources[resource.name] = resource
    return pkg


def load_resource(res: Any, index: int, descriptor_path: Path) -> Resource:
    """Read entry ``index`` of a descriptor's resources list and its Table Schema.

    Raises PackageError naming the descriptor or the schema file at fault.
    """
    root = descriptor_path.parent
    if not isinstance(res, dict) or not isinstance(res.get("name"), str):
        raise PackageError(descriptor_path, f"resources[{index}] has no name")
    name = res["name"]
    relpath = res.get("path")
    if not isinstance(relpath, str):
        raise PackageError(descriptor_path, f"resource {name!r} has no single 'path'")
    data_path = _inside(root, relpath, descriptor_path, f"resource {name!r} path")
    fmt = (res.get("format") or data_path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise PackageError(descriptor_path, f"resource {name!r} has format {fmt!r}; falseflag reads {', '.join(FORMATS)}")
    schema = res.get("schema")
    schema_path = None
    if isinstance(schema, str):
        schema_path = _inside(root, schema, descriptor_path, f"resource {name!r} schema")
        schema = read_json(schema_path)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise PackageError(schema_path or descriptor_path, f"resource {name!r} has no Table Schema with 'fields'")
    try:
        table_schema = TableSchema.from_descriptor(schema, name)
    except SchemaFault as fault:
        where = f"field {fault.field!r}: " if fault.field else ""
        raise PackageError(schema_path or descriptor_path, f"Table Schema of {name!r}: {where}{fault.message}", fault.field) from None
    return Resource(name, data_path, relpath, fmt, table_schema, schema_path)
