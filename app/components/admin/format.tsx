import { useEffect, useState } from "react";

// Pages render on the server (UTC, the server's locale) and hydrate in the merchant's browser (their time
// zone and locale): anything formatted differently on the two sides breaks hydration. The admin is in
// English, so numbers use en-US on both; times render in UTC first and switch to local time once mounted.

export const formatNumber = (value: number) => value.toLocaleString("en-US");

/** Deterministic on both sides: "2026-11-22 01:01 UTC". */
export const formatUtc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function DateTime({ iso }: { iso: string }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const text = mounted ? new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" }) : formatUtc(iso);
  return <time dateTime={iso}>{text}</time>;
}
