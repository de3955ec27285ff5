#!/usr/bin/env python3
"""Makes the small Chinese font the trip-sheet PDF embeds: Noto Sans CJK SC Regular (SIL OFL 1.1), cut down to
ASCII, Chinese punctuation, all 6,763 characters of GB 2312 (levels 1 and 2: people's names such as 婷, 鑫, 昊, 琦 and
睿 are level 2), the name characters outside GB 2312 that are common today (NAME_EXTRAS), and every character the
interface texts, region names and the imported venue list use. A teacher's name, a school's name or an address typed
into the site is printed on the sheet: a character missing here would print as an empty box.

Run once when those change (needs fontTools: `pip install fonttools`; Debian's fonts-noto-cjk provides the source):
    python3 scripts/subset-cjk-font.py
"""
import glob
import pathlib
import re

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
TARGET = ROOT / 'app/assets/fonts/NotoSansSC-Subset.otf'

chars = set(chr(c) for c in range(0x20, 0x7F))
chars |= set('，。、；：？！“”‘’（）《》【】—…·～￥¥×÷±°℃‰％＋－＝＿｜／＼　・–')
chars |= set(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
for hi in range(0xB0, 0xF8):  # GB 2312 levels 1 and 2: rows 16–87
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
# Common in names today but not in GB 2312.
NAME_EXTRAS = '喆堃玥祎彧珺琰昇晗婕媛妍赟翀旻暐炜烨煜琛瑄瑜瑾璟璠璨珏玮玟琇琬瑭瑶瑷琨琤珩珮珅玙玹' \
    '昱晞晟晖暄曦皓睿翊翎羿劼勍劭熠焓焜炅烜燊淏湉滢潆澍濛沣汐沄沅泓洺溦喵婧婳姝娴嫣婵妤妘嫚' \
    '钖铖锴锘镕镛镠槿栎桦楠榕樾楷柠棽杺芃芊芮苒茜荟莜菡萱蓁蕙蕾蔚薏筠箐笙骅骐骢鹍鸿麒' \
    '祺祾祯禛祐禕綦缇缈纾绮绯缤瞳曈頔颢颀'
chars |= set(NAME_EXTRAS)
for path in [*glob.glob(str(ROOT / 'app/i18n/zh/*.ts')), *glob.glob(str(ROOT / 'db/seed/data/*.csv')),
             *glob.glob(str(ROOT / 'db/seed/*.ts'))]:
    chars |= set(re.findall(r'[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]', pathlib.Path(path).read_text('utf-8')))

font = TTCollection(SOURCE).fonts[2]  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
assert font['name'].getDebugName(4) == 'Noto Sans CJK SC'
options = subset.Options()
options.layout_features = ['kern', 'vert', 'vrt2', 'locl']
options.name_IDs = ['*']
options.hinting = False
options.desubroutinize = False
subsetter = subset.Subsetter(options)
subsetter.populate(text=''.join(sorted(chars)))
subsetter.subset(font)
font.save(TARGET)
print(f'{len(chars)} characters, {TARGET.stat().st_size // 1024} KiB → {TARGET.relative_to(ROOT)}')
