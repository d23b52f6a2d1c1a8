import { describe, expect, it } from 'vitest';
import { front2d, numericColumns, readSweepFile } from './sweep-table.js';

const file = (name: string, text: string) => new File([text], name);

describe('sweep results in the browser', () => {
  it('reads CSV with quoted cells and typed values', async () => {
    const rows = await readSweepFile(file('r.csv', 'system,gpus,mfu,feasible\n"al128, 28T",128,0.41,true\nhgx,64,,false\n'));
    expect(rows).toEqual([
      { system: 'al128, 28T', gpus: 128, mfu: 0.41, feasible: true },
      { system: 'hgx', gpus: 64, mfu: null, feasible: false },
    ]);
    expect(numericColumns(rows)).toEqual(['gpus', 'mfu']);
  });

  it('reads a JSON array or {points}, flattening nested metrics', async () => {
    const rows = await readSweepFile(file('p.json', JSON.stringify({ points: [{ axes: { gpus: 8 }, metrics: { mfu: 0.5 } }] })));
    expect(rows).toEqual([{ gpus: 8, mfu: 0.5 }]);
  });

  it('names the formats it takes', async () => {
    await expect(readSweepFile(file('r.xlsx', ''))).rejects.toThrow(/expected \.parquet, \.json or \.csv/);
  });

  it('front2d keeps the points no other beats on both axes', () => {
    const pts = [
      { x: 1, y: 1 },
      { x: 2, y: 3 },
      { x: 2, y: 2 },
      { x: 3, y: 5 },
    ];
    expect(front2d(pts, 'x', 'y', 'max', 'min')).toEqual([
      { x: 3, y: 5 },
      { x: 2, y: 2 },
      { x: 1, y: 1 },
    ]);
    expect(front2d(pts, 'x', 'y', 'min', 'max')).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 3 },
      { x: 3, y: 5 },
    ]);
  });
});
