// Measurements over a rendered H5 page, run inside Chromium (page.evaluate): the contrast of every
// visible text against what is actually behind it, and the size of every tappable element.
// Kept free of imports and helpers so the functions survive being serialised into the page.

export interface ContrastProblem {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
  fontSize: number;
  selector: string;
}

export interface TapProblem {
  text: string;
  width: number;
  height: number;
  selector: string;
}

/**
 * WCAG 2.x contrast of every text node (and input placeholders) against its effective background:
 * ancestors' background colours composited from the canvas (white) inwards, every ancestor's opacity
 * applied to both text and background (a disabled button at opacity .6 fades both), gradient
 * backgrounds taken at their worst stop. Large text (≥ 24px, or ≥ 18.66px bold) needs 3:1, the rest 4.5:1.
 */
export function contrastProblems(): ContrastProblem[] {
  type RGBA = [number, number, number, number];
  const parse = (c: string): RGBA[] => {
    const out: RGBA[] = [];
    const re = /rgba?\(([^)]+)\)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(c))) {
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      out.push([p[0], p[1], p[2], p.length > 3 ? p[3] : 1]);
    }
    return out;
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3];
    return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
  };
  const mix = (inner: RGBA, backdrop: RGBA, o: number): RGBA => [
    inner[0] * o + backdrop[0] * (1 - o),
    inner[1] * o + backdrop[1] * (1 - o),
    inner[2] * o + backdrop[2] * (1 - o),
    1,
  ];
  const lum = (c: RGBA) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a: RGBA, b: RGBA) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const hex = (c: RGBA) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  const describe = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 3; e = e.parentElement) {
      const cls = typeof e.className === 'string' ? e.className.split(/\s+/).filter((c) => c && !c.startsWith('hydrated'))[0] : '';
      parts.unshift(`${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
    }
    return parts.join(' > ');
  };
  const visible = (el: Element) => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };

  /** The colours a pixel of `el` can end up: text (with `fg`) or background, through every ancestor. */
  const shades = (el: Element, fg: RGBA | null): RGBA[] => {
    const chain: Element[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
    let results: RGBA[] = [[255, 255, 255, 1]];
    // Each level: backdrop → (own backgrounds over it, then the inner levels), mixed back by opacity.
    const render = (i: number, backdrop: RGBA): RGBA[] => {
      const s = getComputedStyle(chain[i]);
      const layers = [...parse(s.backgroundColor)];
      const grads = /gradient/.test(s.backgroundImage) ? parse(s.backgroundImage) : [];
      const bases = grads.length ? grads.map((g) => over(g, over(layers[0] ?? [0, 0, 0, 0], backdrop))) : [over(layers[0] ?? [0, 0, 0, 0], backdrop)];
      const o = Number(s.opacity);
      const out: RGBA[] = [];
      for (const base of bases) {
        const inner = i === chain.length - 1 ? [fg ? over(fg, base) : base] : render(i + 1, base);
        for (const c of inner) out.push(mix(c, backdrop, o));
      }
      return out;
    };
    results = render(0, results[0]);
    return results;
  };

  const problems: ContrastProblem[] = [];
  const seen = new Set<Element>();
  const check = (el: Element, text: string, colour: string) => {
    const fg = parse(colour)[0];
    if (!fg) return;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    const bold = Number(s.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const texts = shades(el, fg);
    const grounds = shades(el, null);
    let worst = Infinity;
    let pair: [RGBA, RGBA] = [texts[0], grounds[0]];
    texts.forEach((t, i) => {
      const r = ratio(t, grounds[i]);
      if (r < worst) {
        worst = r;
        pair = [t, grounds[i]];
      }
    });
    if (worst + 1e-6 < needed) {
      problems.push({ text: text.slice(0, 40), ratio: Math.round(worst * 100) / 100, needed, color: hex(pair[0]), background: hex(pair[1]), fontSize: size, selector: describe(el) });
    }
  };

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').trim();
    const el = n.parentElement;
    if (!text || !el || seen.has(el) || /^(SCRIPT|STYLE|NOSCRIPT)$/.test(el.tagName)) continue;
    seen.add(el);
    if (!visible(el)) continue;
    // Background images (photos, QR codes) cannot be judged from styles: text is never put on them here.
    check(el, text, getComputedStyle(el).color);
  }
  for (const input of Array.from(document.querySelectorAll('input, textarea')) as Array<HTMLInputElement | HTMLTextAreaElement>) {
    if (!input.placeholder || input.value || !visible(input)) continue;
    check(input, `（占位）${input.placeholder}`, getComputedStyle(input, '::placeholder').color);
  }
  return problems;
}

/**
 * Every element a finger is meant to hit — React onClick handlers, buttons, inputs, pickers, switches,
 * tab bar items — measured on screen; smaller than `min`×`min` CSS px is a problem.
 */
export function tapProblems(min = 44): TapProblem[] {
  const props = (el: Element): Record<string, unknown> | undefined => {
    const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
    return key ? ((el as unknown as Record<string, unknown>)[key] as Record<string, unknown>) : undefined;
  };
  const tappable = (el: Element) => {
    const p = props(el);
    if (p && (typeof p.onClick === 'function' || typeof p.onTap === 'function' || typeof p.onLongPress === 'function')) return true;
    // Taro's H5 components register handlers on the element itself (`__events`), not as React props.
    const ev = (el as unknown as { __events?: Map<string, unknown> | Record<string, unknown> }).__events;
    if (ev) {
      const names = ev instanceof Map ? Array.from(ev.keys()) : Object.keys(ev).filter((k) => !!(ev as Record<string, unknown>)[k]);
      if (names.some((k) => /^(click|tap|longpress)$/i.test(k))) return true;
    }
    if (/^(button|radio|checkbox|switch|tab|link|menuitem)$/.test(el.getAttribute('role') ?? '')) return true;
    return el.matches('button, input:not([type=hidden]), textarea, select, a[href], taro-button-core, taro-input-core, taro-textarea-core, taro-picker-core, taro-switch-core, taro-checkbox-core, taro-radio-core, .weui-tabbar__item');
  };
  const describe = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 3; e = e.parentElement) {
      const cls = typeof e.className === 'string' ? e.className.split(/\s+/).filter((c) => c && !c.startsWith('hydrated'))[0] : '';
      parts.unshift(`${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
    }
    return parts.join(' > ');
  };
  const problems: TapProblem[] = [];
  const all = Array.from(document.querySelectorAll('body *')).filter(tappable);
  for (const el of all) {
    // The native control inside a Taro component is measured through its component.
    if (all.some((o) => o !== el && o.contains(el) && /^TARO-/.test(o.tagName) && !/^TARO-/.test(el.tagName))) continue;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || s.pointerEvents === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    let hidden = false;
    for (let e: Element | null = el.parentElement; e; e = e.parentElement) {
      const ps = getComputedStyle(e);
      if (ps.display === 'none' || ps.visibility === 'hidden' || Number(ps.opacity) === 0) hidden = true;
    }
    if (hidden) continue;
    if (r.width + 0.5 < min || r.height + 0.5 < min) {
      problems.push({ text: ((el as HTMLElement).innerText || (el as HTMLInputElement).placeholder || '').trim().replace(/\s+/g, ' ').slice(0, 30), width: Math.round(r.width), height: Math.round(r.height), selector: describe(el) });
    }
  }
  return problems;
}
