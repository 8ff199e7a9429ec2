import { instantMs } from '@dondoc/calendar/local-date';
import { DigestItem } from './follow-up.events';
import { LocalDate, StageKind } from './follow-up.types';
import { localMinutesOf, formatLocalTime } from './working-hours';
import { localDateOf } from '@dondoc/calendar/local-date';

/** `2019-12-20` → `20/12/2019`, as Vietnamese readers write dates. */
export function formatDateVi(date: LocalDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** An instant as `HH:MM dd/mm/yyyy` in Asia/Ho_Chi_Minh. */
export function formatInstantVi(instant: string): string {
  const ms = instantMs(instant);
  return `${formatLocalTime(localMinutesOf(ms))} ${formatDateVi(localDateOf(new Date(ms)))}`;
}

/** How a period is called in a message: `tháng 12/2019`, `năm 2020`, `hạn hoàn thành nhiệm vụ`. */
export function periodLabelVi(periodId: string): string {
  if (periodId === 'due') return 'hạn hoàn thành nhiệm vụ';
  let match = /^(\d{4})-(\d{2})$/.exec(periodId);
  if (match) return `kỳ báo cáo tháng ${match[2]}/${match[1]}`;
  match = /^(\d{4})$/.exec(periodId);
  if (match) return `kỳ báo cáo năm ${match[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(periodId)) return `kỳ báo cáo ngày ${formatDateVi(periodId)}`;
  return `kỳ báo cáo ${periodId}`;
}

export interface StageMessageFacts {
  kind: StageKind;
  offsetWorkingDays: number;
  stageId: string;
  taskTitle: string;
  planNumber: string | null;
  leadAgency: string;
  leadAgencyName: string;
  /** Names of the addressees, in order. */
  addressees: string[];
  periodId: string;
  dueDate: LocalDate;
  extended: boolean;
  late: boolean;
  scheduledFor: string;
}

export interface MessageContent {
  subject: string;
  text: string;
}

/** The Vietnamese e-mail / inbox text of a reminder or escalation stage. */
export function stageMessage(facts: StageMessageFacts): MessageContent {
  const deadline = formatDateVi(facts.dueDate);
  const n = Math.abs(facts.offsetWorkingDays);
  let subject: string;
  let situation: string;
  if (facts.offsetWorkingDays < 0) {
    subject = `[Nhắc việc] Còn ${n} ngày làm việc đến hạn ${deadline}: ${facts.taskTitle}`;
    situation = `Còn ${n} ngày làm việc nữa là đến hạn báo cáo.`;
  } else if (facts.offsetWorkingDays === 0) {
    subject = `[Nhắc việc] Hôm nay là hạn báo cáo (${deadline}): ${facts.taskTitle}`;
    situation = 'Hôm nay là ngày cuối cùng của hạn báo cáo.';
  } else if (facts.kind === 'reminder') {
    subject = `[Nhắc việc] Quá hạn ${n} ngày làm việc (hạn ${deadline}): ${facts.taskTitle}`;
    situation = `Đã quá hạn ${n} ngày làm việc mà chưa nhận được báo cáo.`;
  } else {
    subject = `[Đôn đốc] ${facts.leadAgencyName} quá hạn ${n} ngày làm việc (hạn ${deadline}): ${facts.taskTitle}`;
    situation = `${facts.leadAgencyName} đã quá hạn ${n} ngày làm việc mà chưa báo cáo; đề nghị chỉ đạo, đôn đốc thực hiện.`;
  }
  const lines = [
    `Kính gửi: ${facts.addressees.join('; ')}`,
    '',
    `Nhiệm vụ: ${facts.taskTitle}`,
    ...(facts.planNumber ? [`Thuộc Kế hoạch số ${facts.planNumber}`] : []),
    `Cơ quan chủ trì: ${facts.leadAgencyName} (${facts.leadAgency})`,
    `Nội dung: ${capitalize(periodLabelVi(facts.periodId))}`,
    `Hạn báo cáo: hết ngày ${deadline}${facts.extended ? ' (đã được gia hạn)' : ''}`,
    '',
    situation,
    `Đề nghị ${facts.leadAgencyName} khẩn trương báo cáo kết quả thực hiện trên hệ thống dondoc.`,
    ...(facts.late
      ? ['', `Lưu ý: thông báo này được gửi muộn so với lịch (${formatInstantVi(facts.scheduledFor)}) do hệ thống gián đoạn.`]
      : []),
    '',
    '--',
    `Thông báo tự động của hệ thống dondoc. Mã nhắc việc: ${facts.stageId}`,
  ];
  return { subject, text: lines.join('\n') };
}

export interface FollowUpMessageFacts {
  taskTitle: string;
  planNumber: string | null;
  leadAgency: string;
  leadAgencyName: string;
  fromAgencyName: string | null;
  note: string;
  periodId: string | null;
  dueDate: LocalDate | null;
  followUpId: string;
}

/** The text of an ad-hoc follow-up (đôn đốc) from the monitoring agency. */
export function followUpMessage(facts: FollowUpMessageFacts): MessageContent {
  const from = facts.fromAgencyName ?? 'Cơ quan theo dõi';
  const lines = [
    `Kính gửi: ${facts.leadAgencyName}`,
    '',
    `${from} đôn đốc thực hiện nhiệm vụ: ${facts.taskTitle}`,
    ...(facts.planNumber ? [`Thuộc Kế hoạch số ${facts.planNumber}`] : []),
    ...(facts.periodId ? [`Nội dung: ${capitalize(periodLabelVi(facts.periodId))}`] : []),
    ...(facts.dueDate ? [`Hạn báo cáo: hết ngày ${formatDateVi(facts.dueDate)}`] : []),
    '',
    facts.note,
    '',
    '--',
    `Thông báo của hệ thống dondoc. Mã đôn đốc: ${facts.followUpId}`,
  ];
  return { subject: `[Đôn đốc] ${facts.taskTitle}`, text: lines.join('\n') };
}

/** The daily digest of an agency that chose one. */
export function digestMessage(agencyName: string, digestDate: LocalDate, items: readonly DigestItem[]): MessageContent {
  const lines = [
    `Kính gửi: ${agencyName}`,
    '',
    `Tổng hợp ${items.length} nội dung nhắc việc, đôn đốc ngày ${formatDateVi(digestDate)}:`,
    '',
    ...items.map((item, i) => `${i + 1}. ${item.subject}`),
    '',
    'Chi tiết từng nội dung có trong hộp thư của cơ quan trên hệ thống dondoc.',
    '--',
    'Thông báo tự động của hệ thống dondoc.',
  ];
  return { subject: `[Tổng hợp nhắc việc] ${items.length} nội dung ngày ${formatDateVi(digestDate)}`, text: lines.join('\n') };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
