#!/usr/bin/env node
// Writes docs/elements.md from custom-elements.json (the API of every element, one section each).
import { readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const table = (head, rows) =>
  rows.length
    ? [
        `| ${head.join(' | ')} |`,
        `|${head.map(() => '---').join('|')}|`,
        ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        '',
      ]
    : [];

function section(d) {
  const publicFields = (d.members ?? []).filter(
    (m) => m.kind === 'field' && !m.privacy && !m.static && !m.name.startsWith('#'),
  );
  const methods = (d.members ?? []).filter(
    (m) => m.kind === 'method' && !m.privacy && !m.static && !m.name.startsWith('#') && m.name !== 'render',
  );
  return [
    `## \`<${d.tagName}>\``,
    '',
    d.summary ? `**${d.summary}** ${d.description ?? ''}` : (d.description ?? ''),
    '',
    ...table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      (d.attributes ?? []).map((a) => [`\`${a.name}\``, a.fieldName, a.type?.text, a.default, a.description]),
    ),
    ...table(
      ['Property (no attribute)', 'Type', 'Description'],
      publicFields
        .filter((f) => !(d.attributes ?? []).some((a) => a.fieldName === f.name))
        .map((f) => [`\`${f.name}\``, f.type?.text, f.description]),
    ),
    ...table(
      ['Method', 'Description'],
      methods.map((m) => [`\`${m.name}()\``, m.description]),
    ),
    ...table(
      ['Event', 'Description'],
      (d.events ?? []).filter((e) => e.name).map((e) => [`\`${e.name}\``, e.description]),
    ),
    ...table(
      ['Slot', 'Description'],
      (d.slots ?? []).map((s) => [s.name ? `\`${s.name}\`` : '(default)', s.description]),
    ),
    ...table(
      ['CSS part', 'Description'],
      (d.cssParts ?? []).map((p) => [`\`${p.name}\``, p.description]),
    ),
    ...table(
      ['CSS custom property', 'Description'],
      (d.cssProperties ?? []).map((p) => [`\`${p.name}\``, p.description]),
    ),
  ];
}

const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
const lines = [
  '# Elements',
  '',
  'Generated from `custom-elements.json` by `npm run manifest`. Do not edit by hand.',
  '',
  ...elements.flatMap(section),
];
writeFileSync('docs/elements.md', `${lines.join('\n')}\n`);
console.log(`docs/elements.md written (${elements.length} elements).`);
