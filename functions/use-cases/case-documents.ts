// Printable case documents in Chinese: the acceptance notice, the mediation agreement (人民调解协议书), the confirmation decision.
// Plain semantic HTML without styles (the API's CSP allows none inline): the site shows it in its own print layout.
import type { CaseParty, CaseRecord } from '../domain/case.ts';
import { NotFound } from '../domain/errors.ts';
import { type CaseDeps, cityOf } from './case-parties.ts';
import { caseFor } from './cases.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

const roleNames: Record<CaseParty['role'], string> = {
  applicant: '申请人',
  co_applicant: '申请人',
  respondent: '被申请人',
  co_respondent: '被申请人',
  agent: '代理人',
};

const date = (iso: string) =>
  `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body><article class="case-document">${body}</article></body></html>`;
}

function partiesTable(record: CaseRecord): string {
  const rows = record.parties
    .map(
      (p) =>
        `<tr><th scope="row">${roleNames[p.role]}</th><td>${escapeHtml(p.name)}${p.relation ? `（${escapeHtml(p.relation)}）` : ''}</td><td>${escapeHtml(p.phoneMasked ?? '')}</td><td>${escapeHtml(p.address ?? '')}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">身份</th><th scope="col">姓名</th><th scope="col">联系电话</th><th scope="col">住址</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The document as HTML; NotFound when the case has no such document yet. */
export async function caseDocument(
  deps: Pick<CaseDeps, 'cases' | 'cities' | 'cityId'>,
  caseNumber: string,
  documentId: 'acceptance' | 'agreement' | 'confirmation',
): Promise<string> {
  const [record, city] = await Promise.all([caseFor(deps, caseNumber), cityOf(deps)]);
  const region = city.regions.find((r) => r.id === record.handlingRegionId)?.name ?? '';
  const category = city.categories.find((c) => c.id === record.category)?.name ?? record.category;
  const committee = `${escapeHtml(region)}人民调解委员会`;
  if (documentId === 'acceptance') {
    return page(
      '受理通知书',
      `<h1>受理通知书</h1><p class="doc-no">${escapeHtml(record.caseNumber)}</p><p>你方提出的${escapeHtml(category)}调解申请，经审查符合人民调解受理条件，本委员会决定受理。调解员将在工作日内与各方当事人联系，安排问诊。</p>${partiesTable(record)}<p>各方当事人可凭案件编号和各自的查询码在网上查询办理进度。</p><p class="doc-no">${committee}<br>${date(record.acceptedAt ?? record.filedAt)}</p>`,
    );
  }
  if (documentId === 'agreement') {
    const agreement = record.agreement;
    if (!agreement) throw new NotFound();
    const terms = agreement.terms.map((t) => `<li>${escapeHtml(t)}</li>`).join('');
    const signatures = record.parties
      .filter((p) => p.role !== 'agent')
      .map(
        (p) =>
          `<div>${roleNames[p.role]}（签名）：${escapeHtml(p.name)}<div class="doc-line">${p.signedAt ? `已于 ${date(p.signedAt)} 在线确认（短信验证）` : ''}</div></div>`,
      )
      .join('');
    return page(
      '人民调解协议书',
      `<h1>人民调解协议书</h1><p class="doc-no">${escapeHtml(record.caseNumber)}</p>${partiesTable(record)}<h2>纠纷简要情况</h2><p>${escapeHtml(record.description)}</p><h2>经调解，自愿达成如下协议</h2><ol>${terms}</ol><p>本协议自各方当事人签名（或在线确认）之日起生效。各方当事人可自协议生效之日起三十日内共同向人民法院申请司法确认。</p><div class="doc-signatures">${signatures}<div>调解员（签名）：${escapeHtml(record.assignee?.name ?? '')}<div class="doc-line"></div></div><div>${committee}（盖章）<div class="doc-line"></div></div></div><p class="doc-no">${date(agreement.effectiveAt ?? agreement.recordedAt)}</p>`,
    );
  }
  const confirmation = record.confirmation;
  if (!confirmation?.decision || !confirmation.decidedAt) throw new NotFound();
  const confirmed = confirmation.decision === 'confirmed';
  return page(
    '司法确认裁定书',
    `<h1>民事裁定书</h1><p class="doc-no">（司法确认）${escapeHtml(record.caseNumber)}</p>${partiesTable(record)}<p>各方当事人于${date(confirmation.appliedAt ?? confirmation.decidedAt)}共同申请司法确认经${committee}主持达成的调解协议。</p><p>${confirmed ? '经审查，该调解协议符合司法确认条件，裁定如下：申请人与被申请人达成的调解协议有效。当事人应当按照调解协议的约定自觉履行义务；一方拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。' : '经审查，该调解协议不符合司法确认条件，裁定如下：驳回司法确认申请。当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。'}</p><h2>理由</h2><p>${escapeHtml(confirmation.reasons ?? '')}</p><p class="doc-no">审判员：${'　'.repeat(4)}<br>${date(confirmation.decidedAt)}</p>`,
  );
}
