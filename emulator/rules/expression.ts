// CloudBase security-rule expressions, as the storage and function rules use them: literals (true,
// false, null, 'strings', "strings", numbers), the variables `auth` and `resource` with member access,
// `==` `!=` `&&` `||` `!` and parentheses, and regex literals with `.test(x)` (whose result CloudBase
// requires to be compared with true/false explicitly). Anything else is a syntax error, so a rule the
// cloud would refuse to save is refused here too instead of being read loosely.

type Token =
  | { t: 'id'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 're'; v: RegExp }
  | { t: 'op'; v: string };

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'var'; name: string }
  | { k: 'member'; obj: Node; prop: string }
  | { k: 'not'; e: Node }
  | { k: 'bin'; op: '==' | '!=' | '&&' | '||'; l: Node; r: Node }
  | { k: 'test'; re: RegExp; arg: Node };

export class RuleSyntaxError extends Error {}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  // A `/` starts a regex literal where an operand is expected (start, after an operator or `(`).
  const operandExpected = () => {
    const last = out[out.length - 1];
    return !last || (last.t === 'op' && last.v !== ')');
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[\w$]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[0-9.]/.test(src[j])) j++;
      out.push({ t: 'num', v: Number(src.slice(i, j)) });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j++];
      }
      if (j >= src.length) throw new RuleSyntaxError('unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === '/' && operandExpected()) {
      let j = i + 1;
      let body = '';
      let inClass = false;
      while (j < src.length && (src[j] !== '/' || inClass)) {
        if (src[j] === '\\' && j + 1 < src.length) { body += src[j] + src[j + 1]; j += 2; continue; }
        if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        body += src[j++];
      }
      if (j >= src.length) throw new RuleSyntaxError('unterminated regex');
      j++;
      let flags = '';
      while (j < src.length && /[gimsuy]/.test(src[j])) flags += src[j++];
      out.push({ t: 're', v: new RegExp(body, flags.replace('g', '')) });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '&&', '||'].includes(two)) {
      // `===` is not part of the rule language.
      if (src[i + 2] === '=') throw new RuleSyntaxError(`unsupported operator ${two}=`);
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('()!.'.includes(c)) { out.push({ t: 'op', v: c }); i++; continue; }
    throw new RuleSyntaxError(`unexpected character ${c}`);
  }
  return out;
}

const VARIABLES = new Set(['auth', 'resource', 'now']);

function parse(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new RuleSyntaxError(`expected ${v}`);
    p++;
  };
  const or = (): Node => {
    let l = and();
    while (isOp('||')) { p++; l = { k: 'bin', op: '||', l, r: and() }; }
    return l;
  };
  const and = (): Node => {
    let l = eq();
    while (isOp('&&')) { p++; l = { k: 'bin', op: '&&', l, r: eq() }; }
    return l;
  };
  const eq = (): Node => {
    let l = unary();
    while (isOp('==') || isOp('!=')) {
      const op = (toks[p++] as { v: '==' | '!=' }).v;
      l = { k: 'bin', op, l, r: unary() };
    }
    return l;
  };
  const unary = (): Node => {
    if (isOp('!')) { p++; return { k: 'not', e: unary() }; }
    return postfix();
  };
  const postfix = (): Node => {
    const tok = toks[p++];
    if (!tok) throw new RuleSyntaxError('unexpected end');
    let node: Node;
    if (tok.t === 'op' && tok.v === '(') {
      node = or();
      expectOp(')');
    } else if (tok.t === 'str' || tok.t === 'num') node = { k: 'lit', v: tok.v };
    else if (tok.t === 're') {
      expectOp('.');
      const m = toks[p++];
      if (m?.t !== 'id' || m.v !== 'test') throw new RuleSyntaxError('a regex supports only .test(…)');
      expectOp('(');
      const arg = or();
      expectOp(')');
      return { k: 'test', re: tok.v, arg };
    } else if (tok.t === 'id') {
      if (tok.v === 'true' || tok.v === 'false') node = { k: 'lit', v: tok.v === 'true' };
      else if (tok.v === 'null') node = { k: 'lit', v: null };
      else if (VARIABLES.has(tok.v)) node = { k: 'var', name: tok.v };
      else throw new RuleSyntaxError(`unknown variable ${tok.v}`);
    } else throw new RuleSyntaxError(`unexpected ${String(tok.v)}`);
    while (isOp('.')) {
      p++;
      const m = toks[p++];
      if (m?.t !== 'id') throw new RuleSyntaxError('expected a property name');
      node = { k: 'member', obj: node, prop: m.v };
    }
    return node;
  };
  const node = or();
  if (p !== toks.length) throw new RuleSyntaxError(`unexpected ${String(toks[p].v)}`);
  return node;
}

export type RuleContext = Record<string, unknown>;

function evaluate(n: Node, ctx: RuleContext): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'var':
      return ctx[n.name] ?? null;
    case 'member': {
      const o = evaluate(n.obj, ctx);
      // Reading a property of null is an error in the cloud's evaluator; an error denies.
      if (o === null || typeof o !== 'object') throw new Error(`cannot read ${n.prop} of null`);
      return (o as Record<string, unknown>)[n.prop] ?? null;
    }
    case 'not':
      return !truthy(evaluate(n.e, ctx));
    case 'test': {
      const v = evaluate(n.arg, ctx);
      return typeof v === 'string' && n.re.test(v);
    }
    case 'bin':
      if (n.op === '&&') return truthy(evaluate(n.l, ctx)) && truthy(evaluate(n.r, ctx));
      if (n.op === '||') return truthy(evaluate(n.l, ctx)) || truthy(evaluate(n.r, ctx));
      return n.op === '==' ? evaluate(n.l, ctx) === evaluate(n.r, ctx) : evaluate(n.l, ctx) !== evaluate(n.r, ctx);
  }
}

function truthy(v: unknown): boolean {
  return v === true;
}

/** A compiled rule value: `true`, `false` or an expression string. Throws RuleSyntaxError on a bad one. */
export function compileRule(value: unknown): (ctx: RuleContext) => boolean {
  if (value === true || value === false) return () => value;
  if (typeof value !== 'string') throw new RuleSyntaxError('a rule is true, false or an expression string');
  const node = parse(value);
  return (ctx) => {
    try {
      return evaluate(node, ctx) === true;
    } catch {
      return false;
    }
  };
}
