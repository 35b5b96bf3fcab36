package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.RobotMonologue;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A minute of the robot talking alone in a generated room (RT60 0.2 s, 20 ms), through the
 * pipeline: with the echo cancelled the voice detector never takes the robot for the user (what
 * it scores as speech while the canceller learns the room is refused by the echo guard); without,
 * it does all along (so the robot's voice does reach it, and the first assertion is not vacuous).
 * In a room whose tail is longer than the canceller's filter, what the filter cannot model stays
 * loud enough for the detector all along; the echo guard takes those windows for the robot's own
 * voice (they stand far below the echo's level), so neither a 300 ms filter nor the default one
 * lets one through as the user after the first seconds.
 */
@Tag("integration")
class EchoAloneVadTest {
  @Test
  void afterTheFirstSecondsTheRobotsOwnVoiceIsNotTakenForTheUser() throws Exception {
    SyntheticRoom room = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 11),
        RobotMonologue.make(58, 42), 1.0);
    EchoAloneRun cancelled = EchoAloneRun.run(room, new EchoSettings(EchoSettings.Mode.SPEEX, 300, 10));
    EchoAloneRun raw = EchoAloneRun.run(room, EchoSettings.off());
    assertThat(cancelled.audioS()).isGreaterThan(59);
    assertThat(raw.startsS()).as("START events with the echo left in").hasSizeGreaterThan(10);
    assertThat(cancelled.startsS()).as("START events with the echo cancelled: the guard refuses the learning's residue")
        .isEmpty();
    assertThat(cancelled.echoWindows()).as("windows scored as speech and taken for the robot").isPositive();
  }

  @Test
  void aLongTailedRoomsResidueIsTakenForTheRobotNotTheUser() throws Exception {
    SyntheticRoom room = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(0.8, 120, -22, -26, -60, 12),
        RobotMonologue.make(58, 43), 1.0);
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    p.set(NodeParameters.ECHO_DELAY_MS, LongNode.valueOf(110), "test");
    EchoSettings defaults = EchoSettings.from(p);
    EchoAloneRun shortFilter = EchoAloneRun.run(room, new EchoSettings(EchoSettings.Mode.SPEEX, 300, 110));
    EchoAloneRun byDefault = EchoAloneRun.run(room, defaults);
    assertThat(shortFilter.echoWindows()).as("windows of the 300 ms filter's residue scored as speech, refused")
        .isGreaterThan(10);
    assertThat(shortFilter.startsS()).as("START events after 20 s with a 300 ms filter (RT60 0.8 s)")
        .allSatisfy(t -> assertThat(t).isLessThan(20.0));
    assertThat(byDefault.startsS()).as("START events after 20 s with the default filter of " + defaults.filterMs() + " ms")
        .allSatisfy(t -> assertThat(t).isLessThan(20.0));
  }
}
