/** An Observable Plot chart in React: Plot loads on first use (kept out of the first bundle) and redraws when its data changes. */

import { useEffect, useRef, useState } from 'react';

export type PlotModule = typeof import('@observablehq/plot');

let loading: Promise<PlotModule> | undefined;
export const loadPlot = (): Promise<PlotModule> => {
  loading ??= import('@observablehq/plot');
  return loading;
};

export interface PlotViewProps {
  readonly label: string;
  /** Builds the chart; called again whenever `data` changes identity. */
  readonly make: (Plot: PlotModule, width: number) => Element;
  readonly data: unknown;
}

export function PlotView({ label, make, data }: PlotViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 640);
      if (w > 0) setWidth((old) => (Math.abs(old - w) > 8 ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw on new data or width only; `make` is a fresh closure each render
  useEffect(() => {
    let live = true;
    void loadPlot().then((Plot) => {
      if (!live || !ref.current) return;
      ref.current.replaceChildren(make(Plot, Math.max(280, width)));
    });
    return () => {
      live = false;
    };
  }, [data, width]);
  return <figure className="chart" ref={ref} aria-label={label} />;
}
