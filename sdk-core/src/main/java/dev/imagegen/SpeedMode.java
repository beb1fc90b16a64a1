package dev.imagegen;

/**
 * How much quality to trade for speed, for models whose vendor offers such levels (Segmind's and LumozAI's HiDream
 * "juiced" modes). Each provider maps these four to its own strings.
 */
public enum SpeedMode {
    /** Highest quality, slowest (Segmind: "Unsqueezed"). */
    QUALITY,
    /** The vendor's default balance (Segmind: "Lightly Juiced"). */
    BALANCED,
    /** Faster, slightly less faithful (Segmind: "Juiced"). */
    FAST,
    /** Fastest (Segmind: "Extra Juiced"). */
    FASTEST
}
