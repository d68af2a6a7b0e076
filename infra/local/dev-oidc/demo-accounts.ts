// The demo staff accounts local mode seeds: one or more per role, linked to the demo city's roster and regions.
import type { CityConfig } from '#config/city-schema.ts';
import type { RosterKind, StaffRole } from '#domain/vocabulary.ts';

export interface DemoAccount {
  /** The token's `sub`, and what the login page posts. */
  subject: string;
  name: string;
  nameEn: string;
  roles: StaffRole[];
  regionId: string;
  rosterMemberId: string | null;
  /** One line for the login page and the console: who this is. */
  about: string;
  aboutEn: string;
}

/** 吴忠市: two village mediators in 郭家桥乡 (so region scoping can be tried), and every other role. */
const wuzhong: DemoAccount[] = [
  {
    subject: 'demo-mediator-gjqc',
    name: '马永福',
    nameEn: 'Ma Yongfu',
    roles: ['mediator'],
    regionId: 'wz-litong-gjq-gjqc',
    rosterMemberId: 'wz-ma-yongfu',
    about: '村调解员 · 郭家桥村',
    aboutEn: 'Village mediator · Guojiaqiao Village',
  },
  {
    subject: 'demo-mediator-zyc',
    name: '杨德明',
    nameEn: 'Yang Deming',
    roles: ['mediator'],
    regionId: 'wz-litong-gjq-zyc',
    rosterMemberId: 'wz-yang-deming',
    about: '村调解员 · 郭家桥乡另一个村',
    aboutEn: 'Village mediator · another village of Guojiaqiao',
  },
  {
    subject: 'demo-mediator-gjq',
    name: '马建国',
    nameEn: 'Ma Jianguo',
    roles: ['mediator'],
    regionId: 'wz-litong-gjq',
    rosterMemberId: 'wz-ma-jianguo',
    about: '乡镇调解员 · 郭家桥乡',
    aboutEn: 'Town mediator · Guojiaqiao Township',
  },
  {
    subject: 'demo-mediator-litong',
    name: '李桂芳',
    nameEn: 'Li Guifang',
    roles: ['mediator'],
    regionId: 'wz-litong',
    rosterMemberId: 'wz-li-guifang',
    about: '区调解员 · 利通区（承办升级案件）',
    aboutEn: 'District mediator · Litong District (escalated cases)',
  },
  {
    subject: 'demo-judge',
    name: '丁海林',
    nameEn: 'Ding Hailin',
    roles: ['judge'],
    regionId: 'wz-litong',
    rosterMemberId: 'wz-ding-hailin',
    about: '法官 · 利通区',
    aboutEn: 'Judge · Litong District',
  },
  {
    subject: 'demo-prosecutor',
    name: '赵永刚',
    nameEn: 'Zhao Yonggang',
    roles: ['prosecutor'],
    regionId: 'wz-litong',
    rosterMemberId: 'wz-zhao-yonggang',
    about: '检察官 · 利通区',
    aboutEn: 'Prosecutor · Litong District',
  },
  {
    subject: 'demo-police',
    name: '苏建军',
    nameEn: 'Su Jianjun',
    roles: ['police'],
    regionId: 'wz-litong-gjq',
    rosterMemberId: 'wz-su-jianjun',
    about: '警官 · 郭家桥乡',
    aboutEn: 'Police officer · Guojiaqiao Township',
  },
  {
    subject: 'demo-legal-advisor',
    name: '吴婷',
    nameEn: 'Wu Ting',
    roles: ['legal_advisor'],
    regionId: 'wz-litong-gjq',
    rosterMemberId: 'wz-wu-ting',
    about: '法律顾问 · 郭家桥乡',
    aboutEn: 'Legal advisor · Guojiaqiao Township',
  },
  {
    subject: 'demo-panel-member',
    name: '陈玉山',
    nameEn: 'Chen Yushan',
    roles: ['panel_member'],
    regionId: 'wz-litong-gjq',
    rosterMemberId: 'wz-chen-yushan',
    about: '乡贤（+N 成员）· 郭家桥乡',
    aboutEn: 'Local worthy (+N panel member) · Guojiaqiao Township',
  },
  {
    subject: 'demo-agency-admin',
    name: '市综治中心管理员',
    nameEn: 'Agency administrator',
    roles: ['agency_admin'],
    regionId: 'wz',
    rosterMemberId: null,
    about: '机构管理员 · 吴忠市（全市）',
    aboutEn: 'Agency admin · all of Wuzhong',
  },
  {
    subject: 'demo-grid-worker',
    name: '网格员 李娜',
    nameEn: 'Li Na, grid worker',
    roles: ['grid_worker'],
    regionId: 'wz-litong-gjq-gjqc-g1',
    rosterMemberId: null,
    about: '网格员 · 郭家桥村第一网格',
    aboutEn: 'Grid worker · Guojiaqiao Village, Grid 1',
  },
];

const roleKinds: [StaffRole, RosterKind[]][] = [
  ['mediator', ['people_mediator']],
  ['judge', ['judge']],
  ['prosecutor', ['prosecutor']],
  ['police', ['police_officer']],
  ['legal_advisor', ['legal_advisor', 'lawyer']],
  [
    'panel_member',
    ['local_worthy', 'party_member', 'village_cadre', 'counsellor', 'expert', 'arbitrator'],
  ],
];

const roleNames: Record<StaffRole, [string, string]> = {
  mediator: ['调解员', 'Mediator'],
  judge: ['法官', 'Judge'],
  prosecutor: ['检察官', 'Prosecutor'],
  police: ['警官', 'Police officer'],
  legal_advisor: ['法律顾问', 'Legal advisor'],
  panel_member: ['+N 成员', '+N panel member'],
  agency_admin: ['机构管理员', 'Agency admin'],
  grid_worker: ['网格员', 'Grid worker'],
};

/** Other cities: one account per role, taken from their roster and regions tree. */
function derived(city: CityConfig): DemoAccount[] {
  const { regions, roster } = city.runtime;
  const regionName = (id: string) => regions.find((r) => r.id === id);
  const accounts: DemoAccount[] = [];
  for (const [role, kinds] of roleKinds) {
    const member = kinds.flatMap((kind) => roster.filter((m) => m.kind === kind))[0];
    if (!member) continue;
    const region = regionName(member.regionId);
    accounts.push({
      subject: `demo-${role.replace('_', '-')}`,
      name: member.name,
      nameEn: member.nameEn,
      roles: [role],
      regionId: member.regionId,
      rosterMemberId: member.id,
      about: `${roleNames[role][0]} · ${region?.name ?? member.regionId}`,
      aboutEn: `${roleNames[role][1]} · ${region?.nameEn ?? member.regionId}`,
    });
  }
  const root = regions.find((r) => r.parentId === null)!;
  accounts.push({
    subject: 'demo-agency-admin',
    name: '机构管理员',
    nameEn: 'Agency administrator',
    roles: ['agency_admin'],
    regionId: root.id,
    rosterMemberId: null,
    about: `${roleNames.agency_admin[0]} · ${root.name}`,
    aboutEn: `${roleNames.agency_admin[1]} · ${root.nameEn}`,
  });
  const grid =
    regions.find((r) => r.level === 'grid') ?? regions.find((r) => r.level === 'village');
  if (grid) {
    accounts.push({
      subject: 'demo-grid-worker',
      name: '网格员',
      nameEn: 'Grid worker',
      roles: ['grid_worker'],
      regionId: grid.id,
      rosterMemberId: null,
      about: `${roleNames.grid_worker[0]} · ${grid.name}`,
      aboutEn: `${roleNames.grid_worker[1]} · ${grid.nameEn}`,
    });
  }
  return accounts;
}

export function demoAccounts(city: CityConfig): DemoAccount[] {
  return city.id === 'wuzhong' ? wuzhong : derived(city);
}
