import ExcelJS from 'exceljs';
import { SHEETS } from '../core/imports/sheets';

/** What the notes sheet says, one paragraph a row. */
const NOTES = [
  '导入模板说明',
  '1. 每种记录一个工作表：乡镇、村、项目、参与村、出资、经营成果、期初余额、成员。不需要的工作表可以删除；本"说明"表导入时忽略。',
  '2. 第一行是列名，可用中文或英文（如"金额"或"amount"）；第二行是示例，请替换为实际数据。',
  '3. 金额写到分（最多两位小数），例如 500000.00；单元格是数字时按两位小数读取，超过两位小数的会被拒绝。不要用千分位逗号。',
  '4. 日期写成 YYYY-MM-DD，例如 2024-12-31，或使用 Excel 的日期格式。',
  '5. 出资方式填"现金"或"实物"。出资金额为负表示撤资。',
  '6. 期初余额：截止日为旧账的最后一天（期初日期），同一项目的各行须相同。科目只能是 102、112-OPERATOR、151、322-02（借方）和 211-<代码>、301-<村代码>、311（贷方）；各村 301 科目须等于该村截止日及以前的出资合计。',
  '7. 截止日及以前的出资是历史记录，不单独记凭证；期初余额导入后是草稿，须由另一位会计审核、入账后，才能导入截止日以后的出资和经营成果。',
  '8. 先用"试导入"（dryRun=true）检查：列出将新建、修改的记录和将记的凭证，什么也不保存。正式导入时全部成功或全部不导入；同一文件重复导入不会重复记录。',
  '9. 也可以把每个工作表另存为 CSV（UTF-8）文件，文件名用工作表名，例如 出资.csv，一次上传多个文件。',
  '10. 成员：每户每个股种一行（没有股权的户一行，股权各列留空），同一户各行的户主、身份证后四位、开户行、账号须相同。身份证号只保存后四位：填了完整号码的，只保存后四位，并在导入结果中说明。账号请用文本格式填写（Excel 的数字只保留 15 位）。',
  '11. 股权登记：同一村同一股权登记日的各行是一个登记版本（股权固化日）；已有的版本不能修改，内容不同时请用新的登记日。股数大于零，最多 6 位小数。',
];

/** The template workbook: a sheet per kind with its Chinese headers and one example row, and the notes sheet. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('说明');
  notes.getColumn(1).width = 120;
  NOTES.forEach((text, i) => {
    notes.getCell(i + 1, 1).value = text;
    if (i === 0) notes.getCell(1, 1).font = { bold: true, size: 14 };
  });
  for (const sheet of SHEETS) {
    const ws = wb.addWorksheet(sheet.zh);
    ws.addRow(sheet.columns.map((c) => c.zh));
    ws.getRow(1).font = { bold: true };
    // Amounts as text: the example shows the two decimals a number cell would hide.
    ws.addRow(sheet.columns.map((c) => c.example));
    sheet.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = Math.max(12, c.zh.length * 3);
      ws.getColumn(i + 1).numFmt = '@';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
