/**
 * Static GET routes of one Go file with their group prefixes joined: gin/echo/fiber
 * `v1 := api.Group("/v1")`, chi `r.Route("/x", func(r chi.Router) {…})` and `r.Mount("/x", sub())` or
 * `r.Mount("/x", sub)`, gorilla `r.PathPrefix("/x").Subrouter()`. Best effort by variable name: a
 * receiver is looked up in its function (a closure's parameter, an assignment before the route, a
 * parameter filled by a call in the file, or by an importing package's call: see GoCallers); one
 * nothing joins stands at the root, as before.
 */
import { blockEnd, callArguments, joinPath } from './text.js';

interface Region {
  start: number;
  end: number;
  /** A top-level func's name (its callers fill its parameters), or undefined for a closure. */
  name?: string;
  /** A method (`func (s *S) routes(…)`): another package's `pkg.routes(…)` never calls it. */
  method?: boolean;
  params: string[];
  /** A closure's parameter takes the receiver's prefixes joined to this one (chi Route, Group(func)). */
  closure?: { receiver: string; at: number; prefix: string };
}

/** What a package's importers say about its funcs (filled from their calls `pkg.Register(v1)`). */
export interface GoCallers {
  /** A func's parameters by position: the prefixes of the routers importers hand it. */
  params: Map<string, string[][]>;
  /** A func whose router an importer mounts (chi `r.Mount("/x", pkg.Routes())`): at these prefixes. */
  mounts: Map<string, string[]>;
}

export interface GoAnalysis {
  routes: string[];
  /** What this text's calls through `alias.` (an imported package) tell that package's funcs. */
  callsInto(alias: string): GoCallers;
}

type Assignment =
  | { name: string; at: number; kind: 'group'; parent: string; prefix: string }
  | { name: string; at: number; kind: 'root' }
  | { name: string; at: number; kind: 'returned'; func: Region };

const ROUTE = /(?:\b(\w+)\s*\.\s*)?\b(?:HandleFunc|Handle|GET|Get|Any)\(\s*"(?:GET )?((?:\/[^"{:*]*)?)"/g;
const FUNC = /^func\s+(\([^)]*\)\s*)?(\w+)\s*\(([^)]*)\)[^{\n]*\{/gm;
const CLOSURE = /\b(\w+)\.(?:Route\(\s*"([^"]*)"\s*,|Group\()\s*func\s*\(\s*(\w+)\b[^)]*\)\s*\{/g;
const GROUP = /\b(\w+)\s*:?=\s*(\w+)\.(?:Group\(\s*"([^"]*)"|PathPrefix\(\s*"([^"]*)"\s*\)\s*\.Subrouter\(\))/g;
/** A fresh router: chi, gin, echo, fiber, gorilla, net/http. */
const ROOT =
  /\b(\w+)\s*:?=\s*(?:chi\.NewRouter|chi\.NewMux|gin\.Default|gin\.New|echo\.New|fiber\.New|mux\.NewRouter|http\.NewServeMux)\(/g;
const RETURNED = /\b(\w+)\s*:?=\s*(\w+)\(/g;
const MOUNT = /\b(\w+)\.Mount\(\s*"([^"]*)"\s*,\s*(\w+)\s*(\()?/g;
/** Parameters are read no further than this, so a cycle of calls ends. */
const MAX_DEPTH = 8;

export function goRoutes(text: string): string[] {
  return goAnalysis(text).routes;
}

/** The routes of one package's text (its files joined), its funcs' parameters filled by `callers` too. */
export function goAnalysis(text: string, callers?: GoCallers): GoAnalysis {
  const regions = regionsOf(text);
  const assignments: Assignment[] = [
    ...[...text.matchAll(GROUP)].map((m) => ({
      name: m[1],
      at: m.index,
      kind: 'group' as const,
      parent: m[2],
      prefix: m[3] ?? m[4],
    })),
    ...[...text.matchAll(ROOT)].map((m) => ({ name: m[1], at: m.index, kind: 'root' as const })),
    // `auth := AuthRoutes(v1)`: the router a func of the text returns.
    ...[...text.matchAll(RETURNED)].flatMap((m) => {
      const func = regions.find((region) => region.name === m[2] && !region.method);
      return func ? [{ name: m[1], at: m.index, kind: 'returned' as const, func }] : [];
    }),
  ].sort((a, b) => a.at - b.at);
  const mounts = [...text.matchAll(MOUNT)].map((m) => ({
    parent: m[1],
    at: m.index,
    prefix: m[2],
    child: m[3],
    called: m[4] !== undefined,
  }));
  const inside = (at: number) =>
    regions.filter((region) => region.start < at && at < region.end).sort((a, b) => b.start - a.start);
  const callsOf = (name: string) =>
    [...text.matchAll(new RegExp(`(?<![\\w.]|func\\s)${name}\\(`, 'g'))].map((m) => ({
      at: m.index,
      args: callArguments(text, m.index + m[0].length - 1).args,
    }));

  /** The prefixes a receiver named `name` stands for at `at` (several when mounted or called twice). */
  function prefixesOf(name: string, at: number, depth: number): string[] {
    if (depth > MAX_DEPTH) return [''];
    const chain = inside(at);
    for (const region of chain) {
      const assigned = assignments.filter(
        (a) => a.name === name && region.start < a.at && a.at < at && inside(a.at)[0] === region,
      );
      const last = assigned[assigned.length - 1];
      if (last?.kind === 'group')
        return prefixesOf(last.parent, last.at, depth + 1).map((prefix) => joinPath(prefix, last.prefix));
      if (last?.kind === 'root') return rootPrefixes(name, region, depth);
      if (last?.kind === 'returned') return returnedPrefixes(last.func, depth);
      if (region.closure && region.params[0] === name) {
        const { receiver, at: opened, prefix } = region.closure;
        return prefixesOf(receiver, opened, depth + 1).map((outer) => (prefix ? joinPath(outer, prefix) : outer));
      }
      const index = region.params.indexOf(name);
      if (region.name && index !== -1) {
        const passed = [
          ...callsOf(region.name).flatMap((call) => argumentPrefixes(call.args[index], call.at, depth + 1) ?? []),
          ...((!region.method && callers?.params.get(region.name)?.[index]) || []),
        ];
        return passed.length > 0 ? passed : [''];
      }
    }
    const global = assignments.filter((a) => a.name === name && inside(a.at).length === 0);
    const last = global[global.length - 1];
    if (last?.kind === 'group')
      return prefixesOf(last.parent, last.at, depth + 1).map((prefix) => joinPath(prefix, last.prefix));
    if (last?.kind === 'returned') return returnedPrefixes(last.func, depth);
    return last?.kind === 'root' ? rootPrefixes(name, undefined, depth) : [''];
  }

  /** The prefixes of the routers a func returns (`return auth`), or the root when none is known. */
  function returnedPrefixes(func: Region, depth: number): string[] {
    const body = text.slice(func.start, func.end);
    // Only a name that is a router here (`return false` in a closure of the func is none).
    const routers = new Set([...func.params, ...assignments.map((assignment) => assignment.name)]);
    const returned = [...body.matchAll(/\breturn\s+(\w+)\s*(?:,|$)/gm)]
      .filter((m) => routers.has(m[1]))
      .flatMap((m) => prefixesOf(m[1], func.start + m.index, depth + 1));
    return returned.length > 0 ? returned : [''];
  }

  /** A fresh router answers where it is mounted (by name, or its function called in a Mount), else at /. */
  function rootPrefixes(name: string, region: Region | undefined, depth: number): string[] {
    const func = region && [region, ...inside(region.start)].find((r) => r.name);
    const mountedAt = mounts.filter((m) => (m.called ? m.child === func?.name : m.child === name));
    const outside = (func?.name && !func.method && callers?.mounts.get(func.name)) || [];
    if (mountedAt.length === 0 && outside.length === 0) return [''];
    return [
      ...mountedAt.flatMap((m) => prefixesOf(m.parent, m.at, depth + 1).map((p) => joinPath(p, m.prefix))),
      ...outside,
    ];
  }

  /** The prefixes of a router handed as an argument: a variable, or `r.Group("/x")` inline; else none. */
  function argumentPrefixes(arg: string | undefined, at: number, depth: number): string[] | undefined {
    if (arg && /^\w+$/.test(arg)) return prefixesOf(arg, at, depth);
    const group = /^(\w+)\.Group\(\s*"([^"]*)"/.exec(arg ?? '');
    return group ? prefixesOf(group[1], at, depth).map((prefix) => joinPath(prefix, group[2])) : undefined;
  }

  function callsInto(alias: string): GoCallers {
    const params = new Map<string, string[][]>();
    const mounted = new Map<string, string[]>();
    const pass = (func: string, index: number, prefixes: string[]) => {
      const list = params.get(func) ?? [];
      list[index] = [...(list[index] ?? []), ...prefixes];
      params.set(func, list);
    };
    for (const m of text.matchAll(new RegExp(`(?<![\\w.])${alias}\\.(\\w+)\\(`, 'g'))) {
      const { args } = callArguments(text, m.index + m[0].length - 1);
      args.forEach((arg, index) => {
        const prefixes = argumentPrefixes(arg, m.index, 1);
        if (prefixes) pass(m[1], index, prefixes);
      });
    }
    // chi: `r.Route("/x", pkg.Routes)` hands Routes its router; `r.Mount("/x", pkg.Routes(…))` mounts the one it makes.
    const chi = new RegExp(`\\b(\\w+)\\.(Route|Mount)\\(\\s*"([^"]*)"\\s*,\\s*${alias}\\.(\\w+)\\s*(\\)|\\()`, 'g');
    for (const m of text.matchAll(chi)) {
      const prefixes = prefixesOf(m[1], m.index, 1).map((prefix) => joinPath(prefix, m[3]));
      if (m[2] === 'Route' && m[5] === ')') pass(m[4], 0, prefixes);
      if (m[2] === 'Mount' && m[5] === '(') mounted.set(m[4], [...(mounted.get(m[4]) ?? []), ...prefixes]);
    }
    return { params, mounts: mounted };
  }

  const routes: string[] = [];
  for (const match of text.matchAll(ROUTE)) {
    const [, receiver, path] = match;
    const prefixes = receiver ? prefixesOf(receiver, match.index, 0) : [''];
    for (const prefix of prefixes) {
      // An empty path (`api.GET("", …)`) is the group's own path; without a group it is no route.
      if (path === '' && prefix === '') continue;
      routes.push(joinPath(prefix, path));
    }
  }
  return { routes, callsInto };
}

/** Top-level funcs (with their parameter names) and the closures handed to Route/Group. */
function regionsOf(text: string): Region[] {
  const regions: Region[] = [];
  for (const m of text.matchAll(FUNC)) {
    const open = m.index + m[0].length - 1;
    const params = m[3]
      .split(',')
      .map((param) => param.trim().split(/\s+/)[0])
      .filter(Boolean);
    regions.push({ start: open, end: blockEnd(text, open), name: m[2], method: m[1] !== undefined, params });
  }
  for (const m of text.matchAll(CLOSURE)) {
    const open = m.index + m[0].length - 1;
    regions.push({
      start: open,
      end: blockEnd(text, open),
      params: [m[3]],
      closure: { receiver: m[1], at: m.index, prefix: m[2] ?? '' },
    });
  }
  return regions;
}
