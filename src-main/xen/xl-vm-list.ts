import { issue } from './parse-issue';
import { parseTable, type TableResult } from './table';

/** `xl vm-list` (sample 18): `UUID  ID    name` with the name last, padded to 30. */
export interface VmListRow {
  uuid: string;
  domid: number;
  name: string;
}

const ROW = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s+(\d+)\s+(.*?)\s*$/i;

export function parseXlVmList(text: string): TableResult<VmListRow> {
  return parseTable<VmListRow>(
    text,
    'xl vm-list',
    (line, lineNo) => {
      const m = ROW.exec(line);
      if (!m || m[3] === '') return issue(lineNo, 1, 'UUID ID name', line, 'xl vm-list row');
      return { uuid: m[1]!, domid: Number(m[2]), name: m[3]! };
    },
    (line) => /^UUID\s+ID\s+name\s*$/.test(line),
  );
}
