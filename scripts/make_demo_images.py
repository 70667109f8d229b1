"""Draw the demo data's pictures (pages/demo_images/) with Pillow: abstract covers, portrait
placeholders and logos. Nothing is a photograph and nobody real is shown; the output is the same
on every run (seeded). Run: .venv/bin/python scripts/make_demo_images.py
"""

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "pages" / "demo_images"
PALETTES = [
    ("#0b5d57", "#f5b700", "#e8efe9", "#d9480f"),  # teal, sun, mist, clay
    ("#1b3a6b", "#f28c28", "#f4e9d8", "#4aa3a2"),  # night, orange, sand, lagoon
    ("#5b2a86", "#ffb3c1", "#f7f1ff", "#2bb3a3"),  # violet, rose, lilac, sea
    ("#2d6a4f", "#95d5b2", "#f1faee", "#e76f51"),  # forest, leaf, cloud, terracotta
    ("#7a1f2b", "#f4a261", "#fff3e6", "#264653"),  # wine, apricot, cream, slate
    ("#14213d", "#fca311", "#e5e5e5", "#3a86ff"),  # ink, amber, fog, sky
]


def cover(name, palette, rng, size=(1440, 810)):
    """Layered hills and suns: a landscape in flat colour, softly blurred at the back."""
    deep, bright, light, accent = palette
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    width, height = size
    sun = (rng.randint(width // 5, width * 4 // 5), rng.randint(height // 6, height // 2))
    radius = rng.randint(height // 8, height // 4)
    draw.ellipse([sun[0] - radius, sun[1] - radius, sun[0] + radius, sun[1] + radius], fill=bright)
    image = image.filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    for layer, colour in enumerate((accent, deep)):
        base = height * (0.55 + 0.18 * layer)
        points = [(0, height)]
        for x in range(0, width + 120, 120):
            points.append((x, base + rng.randint(-60, 60)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    for _ in range(rng.randint(3, 7)):
        x, y, r = rng.randint(0, width), rng.randint(0, height // 2), rng.randint(6, 18)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=bright)
    image.save(OUT / f"{name}.webp", "WEBP", quality=80, method=6)


def portrait(name, palette, rng, size=480):
    """A placeholder portrait: a head-and-shoulders silhouette in shapes on a gradient."""
    deep, bright, light, accent = palette
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    for row in range(size):
        mix = row / size
        colour = tuple(
            round(int(light[i : i + 2], 16) * (1 - mix) + int(bright[i : i + 2], 16) * mix)
            for i in (1, 3, 5)
        )
        draw.line([(0, row), (size, row)], fill=colour)
    cx = size // 2 + rng.randint(-20, 20)
    draw.ellipse([cx - 190, size - 150, cx + 190, size + 230], fill=deep)  # shoulders
    draw.ellipse([cx - 95, 110, cx + 95, 320], fill=accent)  # head
    draw.pieslice([cx - 105, 95, cx + 105, 300], 180, 360, fill=deep)  # hair
    image.save(OUT / f"{name}.webp", "WEBP", quality=82, method=6)


def logo(name, palette, rng, size=256):
    """A geometric mark: rings and a leaf on white, the kind a small foundation might draw."""
    deep, bright, _light, accent = palette
    image = Image.new("RGB", (size, size), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.ellipse([24, 24, size - 24, size - 24], outline=deep, width=18)
    draw.pieslice([70, 60, size - 70, size - 40], 200, 340, fill=accent)
    draw.polygon([(size // 2, 70), (size - 80, size - 80), (80, size - 80)], fill=deep)
    r = rng.randint(16, 26)
    draw.ellipse(
        [size // 2 - r, size // 2 - r + 20, size // 2 + r, size // 2 + r + 20], fill=bright
    )
    image.save(OUT / f"{name}.png", "PNG", optimize=True)


def main():
    rng = random.Random(2020)
    OUT.mkdir(parents=True, exist_ok=True)
    for index, palette in enumerate(PALETTES):
        cover(f"cover-{index + 1}", palette, rng)
    for index, palette in enumerate(PALETTES):
        portrait(f"portrait-{index + 1}", palette, rng)
    for index, palette in enumerate(PALETTES[:4]):
        logo(f"logo-{index + 1}", palette, rng)


if __name__ == "__main__":
    main()
