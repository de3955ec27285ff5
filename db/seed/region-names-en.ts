import { pinyin } from 'pinyin-pro';

// English names of Inner Mongolia's divisions, for the English interface (the stored names stay Chinese). A county,
// banner or district is "<Pinyin> County / Banner / District / City"; where the established English name is not the
// pinyin (Mongolian and other names, or a syllable pinyin-pro reads wrongly) it comes from the tables below.

/** Whole names: the region, the 12 盟市, and divisions whose English form does not follow the pattern. */
const WHOLE: Record<string, string> = {
  内蒙古自治区: 'Inner Mongolia Autonomous Region',
  呼和浩特市: 'Hohhot',
  包头市: 'Baotou',
  乌海市: 'Wuhai',
  赤峰市: 'Chifeng',
  通辽市: 'Tongliao',
  鄂尔多斯市: 'Ordos',
  呼伦贝尔市: 'Hulunbuir',
  巴彦淖尔市: 'Bayannur',
  乌兰察布市: 'Ulanqab',
  兴安盟: 'Hinggan League',
  锡林郭勒盟: 'Xilingol League',
  阿拉善盟: 'Alxa League',
  白云鄂博矿区: 'Bayan Obo Mining District',
  达尔罕茂明安联合旗: 'Darhan Muminggan United Banner',
  莫力达瓦达斡尔族自治旗: 'Morin Dawa Daur Autonomous Banner',
  鄂伦春自治旗: 'Oroqen Autonomous Banner',
  鄂温克族自治旗: 'Ewenki Autonomous Banner',
};

/** Name stems written in their established (mostly Mongolian) form, or where pinyin-pro picks the wrong reading. */
const STEMS: Record<string, string> = {
  土默特: 'Tumed',
  托克托: 'Togtoh',
  和林格尔: 'Horinger',
  昆都仑: 'Kundulun',
  阿鲁科尔沁: 'Ar Horqin',
  巴林: 'Bairin',
  克什克腾: 'Hexigten',
  翁牛特: 'Ongniud',
  喀喇沁: 'Harqin',
  科尔沁: 'Horqin',
  库伦: 'Hure',
  扎鲁特: 'Jarud',
  霍林郭勒: 'Holingol',
  康巴什: 'Kangbashi',
  达拉特: 'Dalad',
  准格尔: 'Jungar',
  鄂托克: 'Otog',
  杭锦: 'Hanggin',
  乌审: 'Uxin',
  伊金霍洛: 'Ejin Horo',
  海拉尔: 'Hailar',
  扎赉诺尔: 'Jalainur',
  阿荣: 'Arun',
  陈巴尔虎: 'Chen Barag',
  新巴尔虎: 'New Barag',
  额尔古纳: 'Ergun',
  乌拉特: 'Urad',
  商都: 'Shangdu',
  察哈尔: 'Qahar',
  乌兰浩特: 'Ulanhot',
  阿尔山: 'Arxan',
  扎赉特: 'Jalaid',
  扎兰屯: 'Zalantun',
  二连浩特: 'Erenhot',
  锡林浩特: 'Xilinhot',
  阿巴嘎: 'Abag',
  苏尼特: 'Sonid',
  东乌珠穆沁: 'East Ujimqin',
  西乌珠穆沁: 'West Ujimqin',
  太仆寺: 'Taibus',
  阿拉善: 'Alxa',
  额济纳: 'Ejin',
};

const KINDS: Record<string, string> = { 旗: 'Banner', 县: 'County', 区: 'District', 市: 'City' };
const SIDES: Record<string, string> = { 左: 'Left', 右: 'Right', 前: 'Front', 中: 'Middle', 后: 'Rear' };

/** Hanyu pinyin as one capitalised word, with the apostrophe before a syllable that opens with a, o or e (Xi'an). */
function pinyinWord(chinese: string): string {
  const syllables = pinyin(chinese, { toneType: 'none', type: 'array' });
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The English name of one of Inner Mongolia's divisions, from its Chinese name. */
export function englishRegionName(name: string): string {
  const whole = WHOLE[name];
  if (whole) return whole;
  // 科尔沁左翼中旗: Horqin (Left) (Middle) Banner; 乌拉特前旗: Urad Front Banner; 武川县: Wuchuan County.
  const banner = /^(.+?)(?:(左|右)翼)?([左右前中后])旗$/.exec(name);
  const [stem, wing, side, kind] = banner
    ? [banner[1] as string, banner[2], banner[3], '旗']
    : [name.slice(0, -1), undefined, undefined, name.slice(-1)];
  const english = KINDS[kind as string];
  if (!english) throw new Error(`no English form for the division ${name}`);
  return [STEMS[stem] ?? pinyinWord(stem), wing ? SIDES[wing] : null, side ? SIDES[side] : null, english]
    .filter(Boolean)
    .join(' ');
}
