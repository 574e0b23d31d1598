/** SVG documents by scenario, for the baking and extraction tests. */

export const OB2_NAMESPACE = 'http://openbadges.org';
export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

export function plainSvg(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- a badge image -->',
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">',
    '<circle cx="20" cy="20" r="18" fill="#1f4f8f"/>',
    '<text x="20" y="24" text-anchor="middle" fill="#fff">A &amp; B</text>',
    '</svg>',
  ].join('\n');
}

/** An SVG carrying scripts and event handlers, as an upload or a careless designer might. */
export function svgWithActiveContent(): string {
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" width="40" height="40">',
    '<script type="text/javascript"><![CDATA[ if (1 < 2) alert("x"); ]]></script>',
    '<a xlink:href=" java\tscript:alert(2)"><rect width="10" height="10" onclick="alert(3)" fill="red"/></a>',
    '<SCRIPT/>',
    '<circle cx="20" cy="20" r="5"/>',
    '</svg>',
  ].join('');
}

export function selfClosingSvg(): string {
  return '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';
}

/** An OB 2.0 assertion baked by another tool under a prefix other than `openbadges`. */
export function svgBakedWithOtherPrefix(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="${OB2_NAMESPACE}"><ob:assertion verify="https://old.example/a/1"/><rect width="1" height="1"/></svg>`;
}

export function svgWithDoctype(): string {
  return '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>';
}

export function billionLaughsSvg(): string {
  const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
  return `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY l0 "lol">${entities}]><svg xmlns="http://www.w3.org/2000/svg"><text>&l9;</text></svg>`;
}

export function xxeSvg(): string {
  return `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB2_NAMESPACE}"><openbadges:assertion>&xxe;</openbadges:assertion></svg>`;
}

export function countOccurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
