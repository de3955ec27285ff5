// Words the demo generator builds Chinese names, descriptions and programs from. Generated, not real: every
// generated venue is placed near the seat of a real 旗县 and flagged as demo data by its `source`.
import type { SpeakerCategory, VenueType } from '../schema/enums.ts';

export interface VenueTemplate {
  names: string[];
  themes: string[];
  grades: [number, number];
  capacity: [number, number];
  programs: string[];
  /** Standard price per pupil, in yuan. */
  price: [number, number];
  sentence: string;
}

export const VENUE_TEMPLATES: Record<VenueType, VenueTemplate> = {
  museum: {
    names: ['{place}民俗博物馆', '{place}历史博物馆', '{place}草原文化博物馆'],
    themes: ['历史文化', '民族团结', '草原文化'],
    grades: [1, 12],
    capacity: [60, 150],
    programs: ['馆藏文物里的家乡史', '小小讲解员体验课', '考古发掘模拟', '草原丝绸之路主题研学'],
    price: [0, 20],
    sentence: '以馆藏文物讲述{region}的历史变迁与各民族交往交流交融的故事',
  },
  library: {
    names: ['{place}图书馆', '{place}少年儿童图书馆'],
    themes: ['阅读', '历史文化'],
    grades: [0, 9],
    capacity: [30, 60],
    programs: ['绘本共读课', '古籍修复体验', '图书馆里的一天', '家乡地方文献阅读'],
    price: [0, 0],
    sentence: '提供少儿阅读空间、蒙汉双语图书和阅读推广活动',
  },
  cultural_centre: {
    names: ['{place}文化馆', '{place}群众艺术馆'],
    themes: ['艺术审美', '非遗传承'],
    grades: [1, 12],
    capacity: [30, 80],
    programs: ['民族舞蹈入门', '剪纸与皮画体验', '合唱与长调欣赏'],
    price: [0, 10],
    sentence: '开设舞蹈、音乐、美术与非遗体验课堂，面向中小学生公益开放',
  },
  memorial: {
    names: ['{place}革命历史纪念馆', '{place}烈士纪念馆', '{place}抗战纪念馆'],
    themes: ['红色教育', '历史文化'],
    grades: [3, 12],
    capacity: [50, 120],
    programs: ['重温入队誓词', '英雄故事宣讲', '红色家书诵读', '清明祭扫与缅怀'],
    price: [0, 0],
    sentence: '展陈{region}革命斗争史料，是开展爱国主义和革命传统教育的重要阵地',
  },
  art_gallery: {
    names: ['{place}美术馆', '{place}农牧民画展馆'],
    themes: ['艺术审美'],
    grades: [1, 12],
    capacity: [30, 80],
    programs: ['名画临摹课', '草原写生', '美术馆导赏'],
    price: [0, 15],
    sentence: '收藏展示草原题材美术作品，定期举办青少年美育课程',
  },
  science_museum: {
    names: ['{place}科技馆', '{place}青少年科技活动中心'],
    themes: ['科学探索'],
    grades: [1, 12],
    capacity: [60, 200],
    programs: ['机器人编程体验', '球幕电影与天文课', '电与磁的秘密', '航天科普探究课'],
    price: [0, 30],
    sentence: '设有基础科学、航天与信息技术展区，提供动手探究式科普课程',
  },
  performance_venue: {
    names: ['{place}乌兰牧骑演艺中心', '{place}大剧院'],
    themes: ['艺术审美', '民族团结'],
    grades: [1, 12],
    capacity: [100, 300],
    programs: ['乌兰牧骑专场演出', '走进后台：舞台艺术体验', '马头琴音乐会'],
    price: [0, 40],
    sentence: '乌兰牧骑与专业院团常年演出，开设高雅艺术进校园与剧场体验课',
  },
  sports_venue: {
    names: ['{place}全民健身中心', '{place}青少年体育训练基地', '{place}那达慕会场'],
    themes: ['体育健康', '草原文化'],
    grades: [1, 12],
    capacity: [40, 120],
    programs: ['搏克与射箭体验', '冰雪运动入门', '体能训练营'],
    price: [0, 30],
    sentence: '开展搏克、射箭、赛马等民族传统体育项目与冰雪运动体验',
  },
  intangible_heritage_hall: {
    names: ['{place}非遗展示馆', '{place}蒙古族刺绣传习所', '{place}马头琴非遗传习所'],
    themes: ['非遗传承', '民族团结', '草原文化'],
    grades: [1, 12],
    capacity: [20, 60],
    programs: ['蒙古族刺绣体验', '马头琴制作工艺', '皮雕与银器工艺', '长调民歌学唱'],
    price: [0, 25],
    sentence: '由非遗传承人驻馆授课，展示{region}的传统技艺与民间艺术',
  },
  national_park: {
    names: ['{place}草原生态保护区研学站', '{place}国家森林公园自然教育中心', '{place}湿地公园自然学校'],
    themes: ['生态环保', '科学探索'],
    grades: [3, 12],
    capacity: [40, 100],
    programs: ['草原植物识别', '湿地观鸟', '防沙治沙实践', '森林防火科普'],
    price: [0, 40],
    sentence: '依托草原、森林与湿地生态系统开展自然教育与生态保护实践',
  },
  youth_palace: {
    names: ['{place}青少年宫', '{place}青少年活动中心'],
    themes: ['艺术审美', '科学探索', '体育健康'],
    grades: [1, 9],
    capacity: [40, 120],
    programs: ['科技社团体验日', '书法与国画', '民族乐器体验'],
    price: [0, 20],
    sentence: '面向中小学生开设艺术、科技、体育等公益课程与社团活动',
  },
  childrens_centre: {
    names: ['{place}儿童活动中心', '{place}妇女儿童活动中心'],
    themes: ['阅读', '安全教育', '艺术审美'],
    grades: [0, 6],
    capacity: [30, 80],
    programs: ['安全自护体验', '亲子阅读会', '创意手工'],
    price: [0, 15],
    sentence: '为学龄前和小学阶段儿童提供安全教育、阅读与游戏化学习空间',
  },
  patriotic_education_base: {
    names: ['{place}爱国主义教育基地', '{place}革命传统教育基地'],
    themes: ['红色教育', '民族团结'],
    grades: [3, 12],
    capacity: [60, 200],
    programs: ['红色研学路线', '国旗下的成长', '民族团结进步教育课'],
    price: [0, 0],
    sentence: '经自治区认定的爱国主义教育基地，常年接待中小学生开展红色研学',
  },
  legal_education_base: {
    names: ['{place}青少年法治教育基地', '{place}法治宣传教育中心'],
    themes: ['法治教育', '安全教育'],
    grades: [4, 12],
    capacity: [40, 100],
    programs: ['模拟法庭', '禁毒教育体验', '网络安全与自我保护'],
    price: [0, 0],
    sentence: '通过模拟法庭、案例展陈和互动体验开展青少年法治教育',
  },
  study_practice_base: {
    names: ['{place}中小学生研学实践教育基地', '{place}草原研学营地'],
    themes: ['劳动实践', '草原文化', '生态环保'],
    grades: [3, 12],
    capacity: [80, 250],
    programs: ['游牧生活一日体验', '蒙古包搭建', '草原定向越野', '农耕文化研学'],
    price: [20, 80],
    sentence: '提供食宿与课程一体的研学实践活动，课程覆盖自然、人文与劳动教育',
  },
  science_popularisation_base: {
    names: ['{place}气象科普馆', '{place}地震科普教育基地', '{place}天文科普基地', '{place}农牧业科技示范园'],
    themes: ['科学探索', '安全教育'],
    grades: [1, 12],
    capacity: [30, 100],
    programs: ['天气预报是怎样做出来的', '地震逃生演练', '星空观测夜', '智慧农牧业参观'],
    price: [0, 20],
    sentence: '结合行业特色开展科普讲解、动手实验与应急安全演练',
  },
  labour_education_base: {
    names: ['{place}中小学劳动教育实践基地', '{place}现代农牧业劳动实践基地'],
    themes: ['劳动实践', '生态环保'],
    grades: [1, 12],
    capacity: [40, 150],
    programs: ['蔬菜种植与收获', '牧场劳动体验', '传统奶食制作', '木工与非遗手作'],
    price: [10, 50],
    sentence: '设有种植园、养殖区和手工坊，学生在真实劳动中学习农牧业知识',
  },
};

/** How many generated venues of each type (museums also come from the real directory). */
export const GENERATED_COUNTS: Record<VenueType, number> = {
  museum: 8,
  library: 22,
  cultural_centre: 18,
  memorial: 20,
  art_gallery: 12,
  science_museum: 18,
  performance_venue: 14,
  sports_venue: 16,
  intangible_heritage_hall: 18,
  national_park: 10,
  youth_palace: 16,
  childrens_centre: 14,
  patriotic_education_base: 20,
  legal_education_base: 14,
  study_practice_base: 22,
  science_popularisation_base: 20,
  labour_education_base: 18,
};

export const MUSEUM_PROGRAMS = ['馆藏精品导览', '小小讲解员体验课', '文物里的家乡故事', '博物馆奇妙夜'];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '孙',
  '周',
  '吴',
  '郭',
  '马',
  '高',
  '韩',
  '包',
  '白',
  '乌',
  '云',
  '宝',
  '苏',
];
export const GIVEN_NAMES = [
  '建国',
  '秀兰',
  '志强',
  '桂英',
  '振华',
  '淑珍',
  '立新',
  '玉梅',
  '国庆',
  '德胜',
  '红霞',
  '卫东',
  '丽华',
  '永明',
  '海燕',
];
export const MONGOLIAN_NAMES = [
  '巴特尔',
  '其木格',
  '乌云',
  '斯琴',
  '额尔敦',
  '宝音',
  '萨仁',
  '阿拉坦',
  '乌兰',
  '图雅',
  '朝鲁',
  '那仁',
  '苏和',
  '娜仁花',
  '孟和',
];

export const SPEAKER_TITLES: Record<SpeakerCategory, string[]> = {
  veteran_cadre: ['退休干部', '原旗委宣传部老干部'],
  veteran_soldier: ['退役老战士', '抗美援朝老战士后代宣讲员'],
  veteran_expert: ['退休高级工程师', '草原生态研究员（退休）'],
  veteran_teacher: ['退休特级教师', '退休乡村教师'],
  veteran_model: ['全国劳动模范（退休）', '老一代治沙模范'],
  labour_model: ['自治区劳动模范', '全国五一劳动奖章获得者'],
  moral_model: ['自治区道德模范', '全国道德模范提名奖获得者'],
  role_model: ['“时代楷模”先进集体成员', '乌兰牧骑队员'],
  advanced_representative: ['优秀共产党员', '最美基层干部'],
  artist: ['国家一级演员', '马头琴演奏家', '民间艺术家'],
  other: ['社区志愿者', '非遗传承人'],
};

export const SPEAKER_TOPICS: Record<SpeakerCategory, string[]> = {
  veteran_cadre: ['家乡四十年巨变', '守望相助的民族团结故事', '我所经历的乡村振兴'],
  veteran_soldier: ['我的从军岁月', '边防线上的青春', '国旗背后的故事'],
  veteran_expert: ['防沙治沙六十年', '草原生态与我们的生活', '科学家精神进校园'],
  veteran_teacher: ['怎样读好一本书', '我和乡村学校的四十年', '学好国家通用语言文字'],
  veteran_model: ['劳动创造美好生活', '一棵树与一片沙漠', '工匠精神代代传'],
  labour_model: ['从学徒到大国工匠', '劳动最光荣', '新时代的劳动者'],
  moral_model: ['孝老爱亲的故事', '诚信做人踏实做事', '志愿服务让生活更美好'],
  role_model: ['草原英雄小姐妹的故事', '乌兰牧骑的红色基因', '扎根基层的青春'],
  advanced_representative: ['共产党员的初心', '身边的榜样', '平凡岗位上的坚守'],
  artist: ['马头琴与蒙古族音乐', '长调民歌欣赏', '舞台上的草原'],
  other: ['非遗技艺进课堂', '社区安全知识', '家乡的老故事'],
};

export const SCHOOL_PATTERNS = {
  primary: ['{place}实验小学', '{place}第一小学', '{place}第二小学', '{place}民族小学'],
  junior: ['{place}第一中学', '{place}第二中学', '{place}蒙古族中学'],
  senior: ['{place}第一高级中学', '{place}民族高级中学'],
  nine_year: ['{place}九年一贯制学校'],
  rural: ['{place}{town}中心学校', '{place}{town}小学'],
  kindergarten: ['{place}第一幼儿园'],
  special: ['{place}特殊教育学校'],
};

export const TOWNS = [
  '巴彦',
  '乌兰',
  '新镇',
  '红旗',
  '宝日',
  '哈达',
  '呼和',
  '沙日',
  '查干',
  '塔拉',
  '阿日',
  '白音',
  '敖包',
  '希日',
  '东风',
];

/** What a school might write after a trip, by its rating (never a pupil's name). */
export const FEEDBACK_WORDS: Record<number, string[]> = {
  5: [
    '讲解员很耐心，学生们问了很多问题。',
    '课程安排紧凑，动手环节很受欢迎。',
    '场馆接待有序，免费政策落实到位。',
  ],
  4: ['内容很好，讲解时间可以再短一些。', '整体满意，停车和集合地点可以标得更清楚。'],
  3: ['展厅人多，分组讲解听不太清楚。', '活动不错，但开始时间推迟了二十分钟。'],
  2: ['预约的讲解员临时没有到，学生自行参观。'],
};
