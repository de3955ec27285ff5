export const home = {
  'home.title': '社会大课堂 · 内蒙古中小学校外实践教育平台',
  'home.heading': '让每一堂课走出教室',
  'home.lead':
    '在这里找到博物馆、科技馆、纪念馆、图书馆、研学实践基地和“五老”宣讲员，查看学生免费或优惠开放政策，在线预约研学和进校园宣讲。',
  'home.searchLabel': '搜索场馆和课程',
  'home.countsTitle': '平台实时数据',
  'home.countVenues': '已发布场馆与基地',
  'home.countSpeakers': '宣讲员',
  'home.countFree': '对中小学生免费开放',
  'home.countOpenDays': '未来 30 天开放日',
  'home.desk.title': '您的工作台',
  'home.desk.lead': '{name}，您好。从这里回到您的工作：',
  'home.desk.go': '{role} · {place}',
  'home.desk.noRole':
    '{name}，您好。您的账户还没有角色：可以在“我的账户”里申请成为场馆运营者或宣讲员；教师请向学校管理员要邀请链接。',
  'home.rolesTitle': '从这里开始',
  'home.role.teacher': '按年级、主题、距离和是否免费查找场馆，几分钟内为班级预约研学，邀请宣讲员进校。',
  'home.role.school_admin': '审批本校研学活动，查看全校研学与宣讲日程，管理本校教师账号。',
  'home.role.venue_operator': '维护场馆信息，发布课程、场次和开放日，声明免费或优惠开放承诺，确认团体预约。',
  'home.role.speaker': '维护宣讲主题和可讲时间，一步答复学校的邀请。字号大、步骤少。',
  'home.role.auditor': '核实辖区资源目录，查看免费开放承诺的落实情况和学校覆盖情况，导出报表。',
  'home.role.public': '无需登录即可浏览已发布的场馆、开放日和免费开放信息。',
  'home.signInAs': '登录',
  'home.browse': '浏览场馆',
  'home.policy':
    '依据《内蒙古自治区关于健全学校家庭社会协同育人机制的实施意见》：建立社会实践资源目录清单，推动场馆向中小学生免费或优惠开放，整合线上预约通道，设立绿色通道和开放日，邀请“五老”、劳动模范、道德模范、时代楷模和艺术家走进校园。',
} as const satisfies Record<string, string>;
