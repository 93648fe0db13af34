#!/usr/bin/env python3
"""The house rules of the source tree, checked without compiling anything.

1. No import cycle between the files of a crate: every `crate::…`, `super::…`,
   `self::…` path and every use of a child module by its bare name is an edge
   from the file it is written in to the file that defines the item (a name
   re-exported by `lib.rs` counts as the file it comes from); the graph must
   have no cycle.
2. No function longer than MAX_LINES lines (signature to closing brace), the
   content-stream operator match excepted.

Tests (`#[cfg(test)]` modules, `tests/`), examples, `crates/fixture` and
`crates/bench` are not product code and are not checked.

    python3 .ci/house.py            # exit 1 and a list when a rule is broken
    python3 .ci/house.py --verbose  # also the longest functions and each crate's module graph
"""

import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MAX_LINES = 150
NOT_PRODUCT = {"crates/fixture", "crates/bench"}
# Being rewritten by the lead (issue 14's grid part); checked again when it lands.
EXCEPT_CRATES: set = set()
# (file, function): the one function allowed to be long.
EXCEPT_FUNCTIONS = {("crates/pdf/src/content.rs", "run")}


def strip(text):
    """Comments, string and char literals blanked out (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif (m := re.match(r'b?r(#*)"', text[i:])) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = '"' + m.group(1)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2 : j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('"' + re.sub(r"[^\n]", " ", text[i + 1 : j]) + '"')
            i = j + 1
        elif c == "'" and (m := re.match(r"'(\\(x..|u\{[0-9a-fA-F]+\}|.)|[^\\'])'", text[i:], re.S)):
            out.append("' '" + " " * (m.end() - 3))
            i += m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching_brace(s, open_at):
    depth = 0
    for j in range(open_at, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(s) - 1


def drop_test_modules(s):
    """`#[cfg(test)] mod x { … }` blanked out."""
    while True:
        m = re.search(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{", s)
        if not m:
            return s
        end = matching_brace(s, m.end() - 1)
        s = s[: m.start()] + re.sub(r"[^\n]", " ", s[m.start() : end + 1]) + s[end + 1 :]


def product_crates():
    dirs = [("src", os.path.join(ROOT, "src"))]
    for c in sorted(os.listdir(os.path.join(ROOT, "crates"))):
        rel = f"crates/{c}"
        if rel not in NOT_PRODUCT and os.path.isdir(os.path.join(ROOT, rel, "src")):
            dirs.append((rel, os.path.join(ROOT, rel, "src")))
    return dirs


def crate_files(src):
    """module path (tuple) -> file path, for the library (or main.rs alone)."""
    mods = {}
    for dirpath, _, names in os.walk(src):
        for name in names:
            if not name.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), src)[:-3].split(os.sep)
            if rel == ["main"] or rel[0] == "bin":
                continue  # binaries: crates of their own, over the library's public API
            if rel == ["lib"]:
                key = ()
            elif rel[-1] == "mod":
                key = tuple(rel[:-1])
            else:
                key = tuple(rel)
            mods[key] = os.path.join(dirpath, name)
    return mods


ITEM = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+|static\s+|struct\s+|enum\s+|type\s+|trait\s+|union\s+|fn\s+|const\s+fn\s+|unsafe\s+fn\s+|async\s+fn\s+|macro_rules!\s*)(\w+)", re.M)


def use_trees(s):
    """(path segments) of every `use` item, groups expanded."""
    out = []
    for m in re.finditer(r"\buse\s+([^;]+);", s):
        out.extend(expand(m.group(1).replace(" ", "").replace("\n", "")))
    return out


def expand(tree):
    i = tree.find("{")
    if i < 0:
        return [tuple(p for p in re.sub(r"as\w+$", "", tree).split("::") if p)]
    prefix = [p for p in tree[:i].split("::") if p]
    inner = tree[i + 1 : tree.rfind("}")]
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        if p:
            for t in expand(p):
                out.append(tuple(prefix) + t if t != ("self",) else tuple(prefix))
    return out


def graph(src):
    mods = crate_files(src)
    text = {k: drop_test_modules(strip(open(f, encoding="utf-8").read())) for k, f in mods.items()}
    # Names defined in each module, and names the root re-exports from a child.
    defined = {k: set(ITEM.findall(t)) for k, t in text.items()}
    reexport = {}
    for k, t in text.items():
        for m in re.finditer(r"\bpub\s+use\s+([^;]+);", t):
            for path in expand(m.group(1).replace(" ", "").replace("\n", "")):
                base = path[:-1]
                if base and base[0] in ("crate", "self", "super"):
                    base = resolve_rel(k, base)
                target = longest_module(mods, tuple(k) + tuple(base)) or longest_module(mods, tuple(base))
                if target is not None and path:
                    reexport[(k, path[-1])] = target
    edges = {k: set() for k in mods}

    def target_of(from_mod, path):
        """The module a path (absolute, from the crate root) lands in."""
        mod = longest_module(mods, path)
        if mod is None:
            return None
        rest = path[len(mod) :]
        if rest and (mod, rest[0]) in reexport and rest[0] not in defined.get(mod, ()):
            return reexport[(mod, rest[0])]
        return mod

    for k, t in text.items():
        paths = []
        for p in use_trees(t):
            paths.append(p)
        for m in re.finditer(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", t):
            paths.append(tuple(m.group(1).split("::")))
        # a child module used by its bare name from its parent
        for child in [c for c in mods if len(c) == len(k) + 1 and c[: len(k)] == k]:
            if re.search(r"(?<![\w:])" + child[-1] + r"::", t):
                paths.append(("self", child[-1]))
        for p in paths:
            if not p or p[0] not in ("crate", "super", "self"):
                continue
            absolute = resolve_rel(k, p)
            tgt = target_of(k, absolute)
            if tgt is not None and tgt != k:
                edges[k].add(tgt)
    return mods, edges


def resolve_rel(k, p):
    p = list(p)
    if p[0] == "crate":
        return tuple(p[1:])
    base = list(k)
    while p and p[0] in ("super", "self"):
        if p.pop(0) == "super":
            base = base[:-1]
    return tuple(base + p)


def longest_module(mods, path):
    for n in range(len(path), -1, -1):
        if tuple(path[:n]) in mods:
            return tuple(path[:n])
    return None


def cycles(edges):
    """Strongly connected components with more than one module."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


FN = re.compile(r"\bfn\s+(\w+)\s*(<[^{;]*?>)?\s*\(")


def long_functions(path, rel):
    s = drop_test_modules(strip(open(path, encoding="utf-8").read()))
    out = []
    for m in FN.finditer(s):
        # the body: the first `{` after the signature that is not inside parentheses/generics
        depth, j = 0, m.end() - 1
        while j < len(s):
            ch = s[j]
            if ch in "([<":
                depth += 1
            elif ch in ")]>" and not (ch == ">" and s[j - 1] == "-"):
                depth -= 1
            elif ch == ";" and depth == 0:
                j = -1
                break
            elif ch == "{" and depth == 0:
                break
            j += 1
        if j < 0 or j >= len(s):
            continue
        end = matching_brace(s, j)
        start_line = s.count("\n", 0, m.start()) + 1
        end_line = s.count("\n", 0, end) + 1
        n = end_line - start_line + 1
        out.append((n, rel, start_line, m.group(1)))
    return out


def name(mod):
    return "lib.rs" if mod == () else "::".join(mod)


def main():
    verbose = "--verbose" in sys.argv
    bad = []
    all_fns = []
    for rel, src in product_crates():
        if rel in EXCEPT_CRATES:
            continue
        mods, edges = graph(src)
        for comp in cycles(edges):
            bad.append(f"cycle in {rel}: " + " ↔ ".join(name(c) for c in comp))
        if verbose:
            print(f"{rel}:")
            for k in sorted(edges):
                print(f"  {name(k):<24} → {', '.join(name(e) for e in sorted(edges[k])) or '-'}")
        for dirpath, _, names in os.walk(src):
            for f in sorted(names):
                if f.endswith(".rs"):
                    p = os.path.join(dirpath, f)
                    all_fns.extend(long_functions(p, os.path.relpath(p, ROOT)))
    for n, rel, line, fname in sorted(all_fns, reverse=True):
        if n > MAX_LINES and (rel, fname) not in EXCEPT_FUNCTIONS:
            bad.append(f"function {fname} ({rel}:{line}) is {n} lines (max {MAX_LINES})")
    if verbose:
        print("longest functions:")
        for n, rel, line, fname in sorted(all_fns, reverse=True)[:15]:
            print(f"  {n:>4}  {rel}:{line} {fname}")
    for b in bad:
        print(b)
    print(
        f"house: {len(all_fns)} functions in {len(product_crates()) - len(EXCEPT_CRATES)} crates checked;"
        f" {len(bad)} problem(s) (excepted: {', '.join(sorted(EXCEPT_CRATES)) or 'none'})"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
