"""Reading a data package descriptor and its Table Schemas.

The Table Schema JSON files are the single definition of every table's columns: the
DuckDB view types, the pandera checks and the docs all follow from the objects here.
"""

from __future__ import annotations

import json
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


class PackageError(Exception):
    """The package cannot be read at all (missing descriptor, not JSON, bad structure)."""

    def __init__(self, file: Path | str, message: str):
        self.file = str(file)
        self.message = message
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
    def from_descriptor(cls, d: dict[str, Any]) -> Field:
        c = d.get("constraints") or {}
        enum = c.get("enum")
        return cls(
            name=d["name"],
            type=d.get("type", "string"),
            description=d.get("description", ""),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            enum=tuple(enum) if enum is not None else None,
            pattern=c.get("pattern"),
            minimum=c.get("minimum"),
            maximum=c.get("maximum"),
        )


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
        pk = d.get("primaryKey") or ()
        fks = []
        for fk in d.get("foreignKeys") or ():
            ref = fk["reference"]
            fields = fk["fields"]
            ref_fields = ref["fields"]
            fks.append(
                ForeignKey(
                    fields=tuple([fields] if isinstance(fields, str) else fields),
                    # An empty or absent resource means the table refers to itself.
                    resource=ref.get("resource") or resource_name,
                    reference_fields=tuple([ref_fields] if isinstance(ref_fields, str) else ref_fields),
                )
            )
        return cls(
            fields=tuple(Field.from_descriptor(f) for f in d["fields"]),
            primary_key=tuple([pk] if isinstance(pk, str) else pk),
            foreign_keys=tuple(fks),
            missing_values=tuple(d.get("missingValues", [""])),
        )


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
    if Path(relpath).is_absolute() or ".." in Path(relpath).parts or "://" in relpath:
        raise PackageError(descriptor, f"{what} {relpath!r} must be a relative path at or below the descriptor")
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
    except (KeyError, TypeError) as exc:
        raise PackageError(schema_path or descriptor_path, f"malformed Table Schema for {name!r}: {exc}") from None
    return Resource(name, data_path, relpath, fmt, table_schema, schema_path)
