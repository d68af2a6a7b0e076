// Chinese copy for the site: plain words for residents, the default locale at `/`.

export const zhCN = {
  htmlLang: 'zh-CN',
  languageName: '中文',
  siteName: (cityName: string) => `${cityName}公共法律服务`,
  pageTitle: (page: string, site: string) => `${page} - ${site}`,

  layout: {
    skipLink: '跳到主要内容',
    agencyLabel: '主办单位：',
    languageNav: '选择语言',
    phoneLabel: '咨询电话：',
    privacyTitle: '个人信息保护：',
    privacy:
      '我们只收集办理您的事项所需的个人信息；手机号和身份证号加密保存，页面上只显示部分号码。',
  },

  notice: {
    info: '提示',
    success: '已完成',
    warning: '注意',
    danger: '重要',
  },

  field: {
    errorWord: '错误：',
    required: '（必填）',
  },

  stepper: {
    count: (current: number, total: number) => `第 ${current} 步，共 ${total} 步`,
    done: '（已完成）',
    current: '当前步骤',
  },

  home: {
    title: '首页',
    description: '预约法律咨询、申请矛盾纠纷调解、查询办理进度。',
    heading: (cityName: string) => `${cityName}公共法律服务与矛盾纠纷调解`,
    lead: '遇到法律问题，或者家里、邻里、单位之间有了矛盾，可以找律师问一问，也可以请调解员帮忙调解。',

    actionsHeading: '您可以办理的事项',
    onlineSoon: (phone: string) => `在线办理即将开放，现在请致电 ${phone} 或前往就近服务点。`,
    comingSoon: '即将开放',

    consultTitle: '预约法律咨询',
    consultBody: '选一个时间，当面、打电话或视频，向律师或法律顾问咨询法律问题。',
    consultPick: '“点单式”服务：可以从名单中选您信任的调解员或律师，也可以由我们为您安排。',
    consultCall: '打电话预约咨询',
    consultBook: '在线预约',
    consultMine: '查看我的预约',

    mediateTitle: '申请调解',
    mediateBody:
      '和家人、邻居、房东、单位等有了纠纷，可以申请调解。调解员会约双方坐下来商量，人民调解不收费。',
    mediateConfirm:
      '达成调解协议后，双方可以在 30 天内一起向法院申请“司法确认”：法院确认后，一方不履行，另一方可以申请强制执行。',
    mediateCall: '打电话申请调解',

    trackTitle: '查询进度',
    trackBody:
      '申请受理后，您会拿到案件编号和查询码。凭这两项，可以查看事情办到了哪一步、下次调解的时间和地点，以及您需要做什么。',
    trackCall: '打电话查询进度',

    nearHeading: '矛盾纠纷就近化解',
    nearMotto: '小事不出村、大事不出镇',
    nearBody:
      '纠纷先由村（社区）调解；村里解决不了的，交给乡镇（街道）；还解决不了，再由县（区）处理。疑难纠纷由法官、检察官、警官和法律顾问等一起调处，尽量在打官司之前把问题解决。',
    stagesHeading: '调解一般分三步',
    stages: [
      { label: '问诊', description: '了解情况，确认能不能调解，并征得对方同意。' },
      {
        label: '会诊',
        description: '调解员和有关人员与双方一起商量，可以当面，也可以视频。',
      },
      { label: '复诊', description: '达成协议后回访，看协议有没有履行。' },
    ],

    servicesHeading: '服务项目',
  },

  services: {
    loading: '正在加载…',
    loaded: '共 {count} 项服务',
    duration: '约 {minutes} 分钟',
    durationLabel: '时长：',
    modesLabel: '方式：',
    modeSeparator: '、',
    modes: { in_person: '到服务点当面', phone: '电话', video: '视频' },
    failedTitle: '暂时无法显示服务项目',
    failedBody: (phone: string) => `请稍后重试，或致电 ${phone} 咨询。`,
    retry: '重试',
    emptyTitle: '暂无可预约的服务项目',
    emptyBody: (phone: string) => `如需帮助，请致电 ${phone}。`,
    noScript: (phone: string) => `您的浏览器没有开启脚本，无法显示服务项目。请致电 ${phone} 咨询。`,
  },

  booking: {
    title: '预约法律服务',
    description: '在线预约法律咨询、法律援助指导或调解，可自选服务人员。',
    heading: '预约法律服务',
    lead: '一步一个问题，约好后会收到编号和查询码。',
    step: '第 {n} 步，共 5 步',
    back: '上一步',
    next: '下一步',
    loading: '正在加载…',
    failed: '暂时无法加载，请稍后重试，或致电服务点。',
    serviceLegend: '您要办理什么？',
    pointLegend: '去哪个服务点，或线上办理？',
    online: '可电话、视频办理',
    providerLegend: '选择服务人员（点单式）',
    anyProvider: '任意人员（系统按排班公平分配）',
    nextAvailable: '最早可约：',
    none: '暂无',
    slotLegend: '选择时间',
    remaining: '剩余 {n} 个名额',
    noSlots: '近两周没有可约时段，请换一个服务点或人员，或致电服务点。',
    detailsLegend: '填写您的信息',
    name: '姓名',
    phone: '手机号',
    phoneHint: '11 位手机号，用于接收编号、查询码和提醒短信。',
    mode: '办理方式',
    note: '想咨询的问题（选填）',
    consent: '我已阅读并同意：为办理本次预约，收集我的姓名和手机号；手机号加密保存，只用于通知我。',
    consentRequired: '请先勾选同意个人信息说明。',
    submit: '确认预约',
    slotFull: '这个时段刚刚约满，请选择其他时段。',
    doneHeading: '预约成功',
    reference: '预约编号',
    code: '查询码',
    keepCode: '请记下编号和查询码（短信也已发送），凭它们可查看、改期或取消。',
    calendar: '下载日历文件',
    myBooking: '查看我的预约',
  },

  myBooking: {
    title: '我的预约',
    description: '凭预约编号和查询码查看、取消预约。',
    heading: '我的预约',
    reference: '预约编号',
    code: '查询码',
    codeHint: '8 位字母或数字，在预约成功页面和短信里。',
    open: '查看',
    notFound: '编号或查询码不对，请核对后再试。',
    tooMany: '尝试次数过多，请 15 分钟后再试。',
    status: '状态',
    statuses: { confirmed: '已确认', cancelled: '已取消', completed: '已完成', no_show: '未到场' },
    when: '时间',
    where: '地点',
    who: '服务人员',
    reschedule: '改到其他时间',
    rescheduleHint: '选一个新时间，原时间会同时释放。',
    rescheduled: '已改期。',
    slotFull: '这个时段刚刚约满，请选择其他时段。',
    noSlots: '近两周没有其他可约时段。',
    cancelReason: '取消原因',
    cancel: '取消预约',
    cancelled: '预约已取消，名额已释放。',
    notChangeable: '这个预约已不能取消。',
    recoverSend: '忘记查询码：发验证码到预约手机',
    recoverSent: '如编号正确，验证码已发到预约时填写的手机，10 分钟内有效。',
    otp: '短信验证码',
    recoverVerify: '找回查询码',
    recovered: '查询码已找回，已填入上方。',
    recoverFailed: '验证码不对或已过期。',
    lostCode: '没有手机或收不到短信？请致电服务点，工作人员核实后帮您处理。',
  },

  notFound: {
    title: '页面不存在',
    heading: '没有找到这个页面',
    body: '网址可能输错了，或者页面已经移走。',
    home: '返回首页',
    help: (phone: string) => `需要帮助，请致电 ${phone}。`,
  },
};

export type Dictionary = typeof zhCN;
