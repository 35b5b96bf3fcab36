package org.duplexnode.ingest.echo;

import java.util.List;
import java.util.Random;

/**
 * Minutes of the robot talking, made up in the test: espeak-ng sentences drawn from parts (so
 * that few repeat), at varied speed and pitch, with pauses of 0.3 to 2.5 s between them, as a
 * robot's answers come; 24 kHz as the local speaker plays it.
 */
public final class RobotMonologue {
  private static final List<String> OPENINGS = List.of("Okay.", "Sure,", "Let me check.", "Right,", "Good news:",
      "Hmm,", "As you asked,", "By the way,", "I see that", "Just so you know,", "One moment.", "Well,");
  private static final List<String> SUBJECTS = List.of("the kitchen light", "the front door", "the garden gate",
      "the cat", "the washing machine", "the window in the hall", "your phone", "the parcel", "the oven",
      "the living room heater", "the dog next door", "the delivery van", "the coffee machine", "the printer");
  private static final List<String> STATES = List.of("is still on", "was opened a minute ago", "has been quiet all morning",
      "needs your attention", "is exactly where you left it", "will be done in ten minutes", "looks fine to me",
      "started beeping twice", "is closed and locked", "moved towards the stairs", "has a blinking red light",
      "is warmer than usual today");
  private static final List<String> FOLLOWS = List.of("Should I keep watching it?", "I will tell you if that changes.",
      "Do you want me to turn it off?", "The weather is mild, with some rain in the evening.",
      "Your next meeting is at four thirty.", "I have put it on the shopping list.", "Nothing else has moved since noon.",
      "It is twenty one degrees inside and fourteen outside.", "Would you like a reminder tomorrow morning?",
      "I counted three visitors at the door today.", "");

  private RobotMonologue() {}

  /** At least {@code seconds} of speech and pauses, the same for the same {@code seed}. */
  public static short[] make(double seconds, long seed) {
    Random random = new Random(seed);
    int target = (int) (seconds * 24_000);
    short[] out = new short[target + 24_000 * 30];
    int at = 0;
    while (at < target) {
      String sentence = String.join(" ", pick(OPENINGS, random), pick(SUBJECTS, random), pick(STATES, random) + ".",
          pick(FOLLOWS, random)).strip();
      short[] speech22 = SyntheticRoom.espeak(sentence, "en-us", 40 + random.nextInt(25), 150 + random.nextInt(45));
      short[] speech = SyntheticRoom.toShort(SyntheticRoom.linear(speech22, 22_050, 24_000));
      if (at + speech.length > out.length) {
        out = java.util.Arrays.copyOf(out, at + speech.length + 24_000 * 30);
      }
      System.arraycopy(speech, 0, out, at, speech.length);
      at += speech.length + (int) ((0.3 + 2.2 * random.nextDouble()) * 24_000);
    }
    return java.util.Arrays.copyOf(out, at);
  }

  private static String pick(List<String> parts, Random random) {
    return parts.get(random.nextInt(parts.size()));
  }
}
