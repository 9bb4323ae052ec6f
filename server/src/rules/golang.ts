/** What the rules know about the official golang image and its tags. */
import type { BaseImage } from '../model/types';

export function isGolangImage(base: BaseImage): boolean {
  return !base.stage && base.repository === 'golang';
}

/** Splits a golang tag into its Go version and variant: `1.22.5-alpine3.20` → `1.22.5` + `-alpine3.20`. */
export function golangTag(tag: string | undefined): { version?: string; variant: string } {
  if (!tag || tag === 'latest') return { variant: '' };
  // `s`: a tag read from a file cut after a lone \r still holds it, and `.` alone stops there.
  const match = /^(\d+(?:\.\d+){0,2}(?:rc\d+)?)?(-?.*)$/s.exec(tag)!;
  const variant = match[2] && !match[2].startsWith('-') ? `-${match[2]}` : match[2];
  return { version: match[1], variant };
}
