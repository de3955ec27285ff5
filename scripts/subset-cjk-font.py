#!/usr/bin/env python3
"""Makes the small Chinese font the trip-sheet PDF embeds: Noto Sans CJK SC Regular (SIL OFL 1.1), cut down to
ASCII, Chinese punctuation, the 3,755 level-1 characters of GB 2312 (the common characters), and every character the
interface texts, region names and the imported venue list use.

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
for hi in range(0xB0, 0xD8):  # GB 2312 level 1: rows 16–55
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
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
