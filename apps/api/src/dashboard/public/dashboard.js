/*
 * The steering committee's dashboard (Bảng theo dõi của Ban Chỉ đạo). Plain browser JavaScript,
 * no build step: it signs in with POST /auth/login and reads only the query API with the bearer
 * token, so the page shows exactly what the API promises. Labels are Vietnamese; dates
 * dd/mm/yyyy in Asia/Ho_Chi_Minh; numbers with Vietnamese separators.
 */
(function () {
  'use strict';

  const TOKEN_KEY = 'dondoc.token';
  const ZONE = 'Asia/Ho_Chi_Minh';
  const DAY_MS = 86_400_000;
  const PAGE_SIZE = 200;

  const STATUS_LABELS = {
    not_due: 'Chưa đến hạn',
    due_soon: 'Sắp đến hạn',
    overdue: 'Quá hạn',
    done_on_time: 'Hoàn thành đúng hạn',
    done_late: 'Hoàn thành quá hạn',
    cancelled: 'Đã hủy',
  };
  const STATUS_ORDER = ['overdue', 'due_soon', 'not_due', 'done_on_time', 'done_late', 'cancelled'];
  const STATUS_COLOURS = {
    not_due: '#868e96',
    due_soon: '#f08c00',
    overdue: '#c92a2a',
    done_on_time: '#2b8a3e',
    done_late: '#5f3dc4',
    cancelled: '#ced4da',
  };
  const MESSAGE_KINDS = {
    ReminderSent: 'Nhắc việc',
    ObligationEscalated: 'Báo cáo vượt cấp',
    FollowUpSent: 'Đôn đốc',
    DigestSent: 'Tổng hợp trong ngày',
  };
  const GOAL_LABELS = { met: 'Đạt', not_met: 'Chưa đạt', pending: 'Chưa đủ số liệu', not_applicable: '—' };

  const numberFormat = new Intl.NumberFormat('vi-VN');
  const percentFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
  const dateTimeFormat = new Intl.DateTimeFormat('vi-VN', {
    timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  });

  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem(TOKEN_KEY), plans: [], planId: null, asOf: null, charts: {}, names: new Map() };

  // ---- formatting -------------------------------------------------------------------------

  const fmtNumber = (n) => (n === null || n === undefined ? '—' : numberFormat.format(n));
  const fmtPercent = (p) => (p === null || p === undefined ? '—' : `${percentFormat.format(p)}%`);
  /** dd/mm/yyyy of an instant, or of a plain YYYY-MM-DD date (a calendar fact, no time zone). */
  function fmtDate(value) {
    if (!value) return '—';
    const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
    return dateFormat.format(new Date(value));
  }
  const fmtDateTime = (value) => (value ? dateTimeFormat.format(new Date(value)) : '—');
  /** The last day on time of a deadline instant (the deadline is the end of that day). */
  const fmtDeadline = (dueAt) => (dueAt ? dateFormat.format(new Date(Date.parse(dueAt) - 1)) : '—');
  const agencyName = (code) => state.names.get(code) || code;

  // ---- the API ----------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `Lỗi ${status}`);
      this.status = status;
      this.code = body && body.code;
    }
  }

  async function api(path, options = {}) {
    const headers = { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) };
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    const response = await fetch(path, { ...options, headers });
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
    if (response.status === 401) {
      signOut('Phiên đăng nhập đã hết hạn hoặc không hợp lệ; vui lòng đăng nhập lại.');
      throw new ApiError(401, body);
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  const query = (params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  /** Every page of a paged list route. */
  async function allPages(path, params) {
    const items = [];
    let asOf = null;
    for (let page = 1; ; page++) {
      const body = await api(`${path}${query({ ...params, page, pageSize: PAGE_SIZE })}`);
      items.push(...body.items);
      asOf = asOf || body.asOf || null;
      if (items.length >= body.total || body.items.length === 0) break;
    }
    return { items, asOf };
  }

  // ---- sign in / out ------------------------------------------------------------------------

  function showLogin(message) {
    $('board').hidden = true;
    $('controls').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('login-form').elements.username.focus();
  }

  function signOut(message) {
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(message);
  }

  async function signIn(token) {
    state.token = token;
    try {
      const me = await api('/auth/me');
      sessionStorage.setItem(TOKEN_KEY, token);
      $('login').hidden = true;
      $('controls').hidden = false;
      $('board').hidden = false;
      setStatus(`Đăng nhập: ${me.userId}`);
      await loadPlans();
    } catch (error) {
      if (error.status !== 401) showLogin(error.message);
    }
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      const body = await fetch('/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: form.elements.username.value, password: form.elements.password.value }),
      });
      const result = await body.json();
      if (!body.ok) return showLogin(result.message || 'Đăng nhập không thành công');
      form.reset();
      await signIn(result.accessToken);
    } catch (error) {
      showLogin(error.message);
    }
  });

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = event.currentTarget.elements.token.value.trim();
    event.currentTarget.reset();
    void signIn(token);
  });

  $('logout').addEventListener('click', () => signOut('Đã đăng xuất.'));
  $('print').addEventListener('click', () => window.print());

  // ---- status line ---------------------------------------------------------------------------

  function setStatus(text) {
    $('status').textContent = text;
  }

  function report(error) {
    setStatus(`Không tải được số liệu: ${error.message}`);
  }

  // ---- plans ----------------------------------------------------------------------------------

  async function loadPlans() {
    const { items } = await allPages('/plans', {});
    state.plans = items;
    const select = $('plan-select');
    select.replaceChildren(
      ...items.map((plan) => {
        const option = document.createElement('option');
        option.value = plan.planId;
        option.textContent = `${plan.number || plan.planId} — ${plan.title || ''}`.trim();
        return option;
      }),
    );
    const wanted = new URLSearchParams(location.search).get('plan');
    state.planId = items.some((p) => p.planId === wanted) ? wanted : items[0]?.planId || null;
    if (state.planId) select.value = state.planId;
    const asOf = new URLSearchParams(location.search).get('asOf');
    if (asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      state.asOf = asOf;
      $('as-of').value = fmtDate(asOf);
    }
    await refresh();
    await loadProgrammes();
  }

  $('plan-select').addEventListener('change', (event) => {
    state.planId = event.target.value;
    remember();
    void refresh();
  });

  /** dd/mm/yyyy → YYYY-MM-DD (null when empty; undefined when it is not a real date). */
  function parseViDate(text) {
    const value = text.trim();
    if (!value) return null;
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (!m) return undefined;
    const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    const check = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso ? undefined : iso;
  }

  $('as-of').addEventListener('change', (event) => {
    const date = parseViDate(event.target.value);
    if (date === undefined) {
      setStatus('Ngày không hợp lệ: hãy nhập dạng ngày/tháng/năm, ví dụ 25/12/2019.');
      return;
    }
    state.asOf = date;
    remember();
    void refresh();
  });

  $('as-of-today').addEventListener('click', () => {
    state.asOf = null;
    $('as-of').value = '';
    remember();
    void refresh();
  });

  /** The plan and date in the address, so a link (or a reload) shows the same view. */
  function remember() {
    const params = new URLSearchParams();
    if (state.planId) params.set('plan', state.planId);
    if (state.asOf) params.set('asOf', state.asOf);
    history.replaceState(null, '', `${location.pathname}${params.toString() ? `?${params}` : ''}`);
  }

  /** The end of the chosen day in Vietnam: the figures "as they were on that date". */
  const endOfDay = (date) => `${date}T23:59:59.999+07:00`;

  // ---- the plan's figures ------------------------------------------------------------------------

  async function refresh() {
    if (!state.planId) {
      setStatus('Chưa có kế hoạch nào.');
      return;
    }
    setStatus('Đang tải số liệu…');
    $('agency').hidden = true;
    try {
      const view = state.asOf ? await loadAsOf(state.planId, state.asOf) : await loadLive(state.planId);
      if (!state.asOf) state.apiNow = view.asOf;
      for (const agency of view.agencies) if (agency.nameVi) state.names.set(agency.agency, agency.nameVi);
      renderPlan(view);
      renderOverdue(view);
      renderRanking(view);
      if ($('programme-select').value) await loadCommunes();
      setStatus(
        state.asOf
          ? `Số liệu dựng lại từ lịch sử sự kiện tại cuối ngày ${fmtDate(state.asOf)}.`
          : `Số liệu tại ${fmtDateTime(view.asOf)}.`,
      );
    } catch (error) {
      report(error);
    }
  }

  async function loadLive(planId) {
    const [progress, overdue, agencies] = await Promise.all([
      api(`/plans/${encodeURIComponent(planId)}/progress`),
      allPages('/obligations', { planId, overdue: true }),
      api(`/plans/${encodeURIComponent(planId)}/agencies`),
    ]);
    const tasks = await allPages('/tasks', { planId });
    return {
      asOf: progress.asOf,
      progress: progress.result || progress,
      overdue: overdue.items,
      agencies: (agencies.result || agencies).items,
      reminders: new Map(tasks.items.map((t) => [t.taskId, t.reminderCount || 0])),
    };
  }

  async function loadAsOf(planId, date) {
    const body = await api(`/audit/plans/${encodeURIComponent(planId)}/dashboard${query({ at: endOfDay(date) })}`);
    return {
      asOf: body.asOf,
      progress: body.progress,
      overdue: body.overdue,
      agencies: body.agencies,
      reminders: new Map(Object.entries(body.reminderCounts || {})),
      replay: body,
    };
  }

  function renderPlan(view) {
    const progress = view.progress;
    if (!progress) {
      $('plan-title').textContent = 'Kế hoạch chưa có số liệu tại ngày này';
      $('plan-subtitle').textContent = '';
      return;
    }
    $('plan-title').textContent = `Kế hoạch số ${progress.number || ''}`.trim();
    $('plan-subtitle').textContent = [
      progress.title,
      progress.issuedOn ? `ban hành ngày ${fmtDate(progress.issuedOn)}` : null,
      progress.monitoringAgency ? `cơ quan theo dõi: ${agencyName(progress.monitoringAgency)}` : null,
    ].filter(Boolean).join(' · ');
    const note = $('as-of-note');
    note.hidden = !state.asOf;
    note.textContent = state.asOf
      ? `Đang xem số liệu tại cuối ngày ${fmtDate(state.asOf)} (dựng lại từ ${fmtNumber(view.replay?.eventsReplayed)} sự kiện). Chọn “Hôm nay” để xem số liệu hiện tại.`
      : '';

    const byStatus = progress.tasks.byStatus;
    $('card-total').textContent = fmtNumber(progress.tasks.total);
    $('card-completion').textContent = fmtPercent(progress.completionPercent);
    $('card-overdue').textContent = fmtNumber(byStatus.overdue);
    const period = progress.currentPeriod;
    $('card-reports').textContent = period ? `${fmtNumber(period.received)} / ${fmtNumber(period.expected)}` : '—';
    $('card-reports-hint').textContent = period ? `kỳ ${period.periodId}, hạn ${fmtDeadline(period.dueAt)}` : 'không có kỳ báo cáo đang mở';

    const rows = STATUS_ORDER.map((status) => [STATUS_LABELS[status], fmtNumber(byStatus[status] || 0)]);
    fillTable('status-table', rows, { numeric: [1] });
    drawChart('status', $('status-chart'), {
      type: 'doughnut',
      data: {
        labels: STATUS_ORDER.map((s) => STATUS_LABELS[s]),
        datasets: [{ data: STATUS_ORDER.map((s) => byStatus[s] || 0), backgroundColor: STATUS_ORDER.map((s) => STATUS_COLOURS[s]) }],
      },
      options: { plugins: { legend: { position: 'right' } } },
    });
  }

  function renderOverdue(view) {
    const now = Date.parse(view.asOf);
    const rows = view.overdue
      .map((o) => ({ ...o, daysLate: Math.max(1, Math.ceil((now - Date.parse(o.dueAt)) / DAY_MS)) }))
      .sort((a, b) => b.daysLate - a.daysLate || agencyName(a.agency).localeCompare(agencyName(b.agency), 'vi'));
    fillTable(
      'overdue-table',
      rows.map((o) => [agencyName(o.agency), o.taskTitle || o.taskId, o.periodId, fmtDeadline(o.dueAt), fmtNumber(o.daysLate), fmtNumber(view.reminders.get(o.taskId) || 0)]),
      { numeric: [4, 5], empty: 'Không có nhiệm vụ nào quá hạn.' },
    );
  }

  function renderRanking(view) {
    const ranked = view.agencies
      .filter((a) => a.due > 0)
      .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || b.due - a.due || agencyName(a.agency).localeCompare(agencyName(b.agency), 'vi'));
    const table = $('ranking-table').tBodies[0];
    table.replaceChildren();
    ranked.forEach((a, index) => {
      const row = table.insertRow();
      addCell(row, fmtNumber(index + 1), true);
      const cell = row.insertCell();
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = agencyName(a.agency);
      button.dataset.agency = a.agency;
      button.addEventListener('click', () => void openAgency(a.agency));
      cell.append(button);
      addCell(row, fmtNumber(a.leadTasks), true);
      addCell(row, fmtNumber(a.due), true);
      addCell(row, fmtNumber(a.lateOpen + a.lateDone), true);
      addCell(row, fmtPercent(a.onTimeRate), true);
    });
    if (ranked.length === 0) emptyRow(table, 6, 'Chưa có báo cáo nào đến hạn.');
    drawChart('ranking', $('ranking-chart'), {
      type: 'bar',
      data: {
        labels: ranked.map((a) => agencyName(a.agency)),
        datasets: [{ label: 'Tỷ lệ đúng hạn (%)', data: ranked.map((a) => a.onTimeRate), backgroundColor: ranked.map((a) => (a.onTimeRate >= 80 ? '#2b8a3e' : a.onTimeRate >= 50 ? '#f08c00' : '#c92a2a')) }],
      },
      options: { indexAxis: 'y', scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    });
  }

  // ---- one agency ----------------------------------------------------------------------------------

  async function openAgency(code) {
    const section = $('agency');
    section.hidden = false;
    $('agency-title').textContent = agencyName(code);
    setStatus(`Đang tải số liệu của ${agencyName(code)}…`);
    try {
      const [tasks, scorecard, reminders] = await Promise.all([
        allPages('/tasks', { planId: state.planId, agency: code }),
        api(`/agencies/${encodeURIComponent(code)}/scorecard`),
        // The newest page of the agency's inbox: every reminder, escalation and follow-up it was sent.
        api(`/inbox${query({ agency: code, pageSize: PAGE_SIZE })}`),
      ]);
      const card = scorecard.result || scorecard;
      const taskTitles = new Map(tasks.items.map((t) => [t.taskId, t.title]));
      $('agency-cards').replaceChildren(
        cardOf('Nhiệm vụ chủ trì (mọi kế hoạch)', fmtNumber(card.tasks.lead)),
        cardOf('Đang quá hạn', fmtNumber(card.tasks.overdue)),
        cardOf('Báo cáo phải nộp / đã nhận', `${fmtNumber(card.reports.due)} / ${fmtNumber(card.reports.received)}`),
        cardOf('Tỷ lệ đúng hạn', fmtPercent(card.onTimeRate)),
      );
      fillTable(
        'agency-tasks',
        tasks.items.map((t) => [
          t.title,
          t.statusLabel || STATUS_LABELS[t.status],
          t.nextDeadline ? `${fmtDeadline(t.nextDeadline.dueAt)} (kỳ ${t.nextDeadline.periodId})` : '—',
          t.lastReport ? `${fmtDateTime(t.lastReport.submittedAt)}${t.lastReport.late ? ' (trễ hạn)' : ''}` : 'chưa có',
          fmtNumber(t.reminderCount || 0),
        ]),
        { numeric: [4], empty: 'Cơ quan không chủ trì nhiệm vụ nào của kế hoạch này.' },
      );
      fillTable(
        'agency-reminders',
        reminders.items
          .filter((r) => !r.planId || r.planId === state.planId)
          .map((r) => [fmtDateTime(r.sentAt), MESSAGE_KINDS[r.type] || r.type, taskTitles.get(r.taskId) || r.taskId || '—', fmtDeadline(r.dueAt), r.subject]),
        { empty: 'Chưa có lần nhắc việc nào.' },
      );
      setStatus(`Số liệu của ${agencyName(code)}.`);
      section.scrollIntoView();
      $('agency-title').focus?.();
    } catch (error) {
      report(error);
    }
  }

  $('agency-close').addEventListener('click', () => {
    $('agency').hidden = true;
  });

  function cardOf(label, value) {
    const card = document.createElement('div');
    card.className = 'card';
    const l = document.createElement('span');
    l.className = 'label';
    l.textContent = label;
    const v = document.createElement('span');
    v.className = 'value';
    v.textContent = value;
    card.append(l, v);
    return card;
  }

  // ---- the commune programme (plans 94 and 1875) -------------------------------------------------

  async function loadProgrammes() {
    try {
      const body = await api('/evaluation/programmes');
      const select = $('programme-select');
      select.replaceChildren(
        ...body.items.map((p) => {
          const option = document.createElement('option');
          option.value = p.programmeId;
          option.textContent = p.title || p.programmeId;
          return option;
        }),
      );
      const year = $('programme-year');
      // The API's business date, not the browser's: the programme year the committee is in.
      if (!year.value) year.value = (state.asOf || state.apiNow || new Date().toISOString()).slice(0, 4);
      if (body.items.length === 0) {
        $('communes-note').textContent = 'Chưa có chương trình đánh giá nào.';
        return;
      }
      await loadCommunes();
    } catch (error) {
      $('communes-note').textContent = error.status === 403 ? 'Vai trò của bạn không được xem số liệu đánh giá.' : `Không tải được: ${error.message}`;
    }
  }

  $('programme-select').addEventListener('change', () => void loadCommunes());
  $('programme-year').addEventListener('change', () => void loadCommunes());

  async function loadCommunes() {
    const programmeId = $('programme-select').value;
    const year = Number($('programme-year').value);
    if (!programmeId || !Number.isInteger(year)) return;
    const asOf = state.asOf || undefined;
    const [stats, models] = await Promise.all([
      api(`/evaluation/programmes/${encodeURIComponent(programmeId)}/statistics${query({ year, asOf })}`),
      api(`/evaluation/model-units${query({ year, asOf })}`),
    ]);
    const rows = stats.rows.map((row) => [
      row.shownAs.name,
      `${fmtNumber(row.totals.cap.selected)} / ${fmtNumber(row.totals.cap.max)}`,
      fmtNumber(row.totals.counts.evaluated),
      fmtNumber(row.totals.counts.succeeded),
      fmtNumber(row.totals.counts.failed),
      fmtNumber(row.totals.counts.relapsed),
      rateText(row.totals.successRate),
      rateText(row.totals.noRelapseRate),
    ]);
    fillTable('communes-table', rows, { numeric: [1, 2, 3, 4, 5, 6, 7], empty: 'Chưa chọn xã nào trong năm này.' });
    const t = stats.totals;
    const foot = $('communes-table').tFoot;
    foot.replaceChildren();
    const row = foot.insertRow();
    for (const [i, value] of [
      'Toàn tỉnh',
      `${fmtNumber(t.cap.selected)} / ${fmtNumber(t.cap.max)}`,
      fmtNumber(t.counts.evaluated),
      fmtNumber(t.counts.succeeded),
      fmtNumber(t.counts.failed),
      fmtNumber(t.counts.relapsed),
      rateText(t.successRate),
      rateText(t.noRelapseRate),
    ].entries()) addCell(row, value, i > 0);
    $('communes-note').textContent = `Năm ${year}, số liệu tại ngày ${fmtDate(stats.asOf)}.`;

    const recognised = models.provinces.flatMap((p) => p.recognised);
    fillTable(
      'models-table',
      recognised.map((m) => [m.unit.shownAs.name, m.unit.shownAs.kind, m.rating, fmtDate(m.recognisedOn)]),
      { empty: 'Chưa công nhận đơn vị điển hình nào trong năm này.' },
    );
    $('model-warnings').replaceChildren(
      ...models.warnings.map((w) => {
        const item = document.createElement('li');
        item.textContent = w.message || String(w);
        return item;
      }),
    );
  }

  function rateText(rate) {
    if (!rate || rate.percent === null) return GOAL_LABELS[rate?.status] || '—';
    return `${fmtPercent(rate.percent)} (${GOAL_LABELS[rate.status] || rate.status})`;
  }

  // ---- tables, charts, CSV -----------------------------------------------------------------------

  function addCell(row, text, numeric) {
    const cell = row.insertCell();
    cell.textContent = text;
    if (numeric) cell.className = 'num';
    return cell;
  }

  function emptyRow(body, columns, text) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = columns;
    cell.className = 'empty';
    cell.textContent = text;
  }

  function fillTable(id, rows, { numeric = [], empty = 'Không có dữ liệu.' } = {}) {
    const table = $(id);
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const values of rows) {
      const row = body.insertRow();
      values.forEach((value, i) => addCell(row, value, numeric.includes(i)));
    }
    if (rows.length === 0) emptyRow(body, table.tHead.rows[0].cells.length, empty);
  }

  function drawChart(key, canvas, config) {
    if (typeof Chart === 'undefined') return;
    state.charts[key]?.destroy();
    state.charts[key] = new Chart(canvas, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, locale: 'vi-VN', ...config.options },
    });
  }

  /** The table as shown (header, body and footer rows), as CSV with a BOM so that Excel reads the diacritics. */
  function tableCsv(table) {
    const lines = [];
    for (const row of table.querySelectorAll('thead tr, tbody tr, tfoot tr')) {
      if (row.querySelector('.empty')) continue;
      lines.push([...row.cells].map((cell) => `"${cell.textContent.trim().replace(/"/g, '""')}"`).join(','));
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  for (const button of document.querySelectorAll('button.csv')) {
    button.addEventListener('click', () => {
      const table = $(button.dataset.table);
      const blob = new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      const day = state.asOf || new Date().toISOString().slice(0, 10);
      link.download = `${button.dataset.file}-${day}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    });
  }

  // ---- start ----------------------------------------------------------------------------------------

  if (state.token) void signIn(state.token);
  else showLogin();
})();
