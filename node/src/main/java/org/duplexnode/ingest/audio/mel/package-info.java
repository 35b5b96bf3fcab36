/** The streaming Whisper log-mel front end of MiniCPM-o 4.5, computed on the host per 1-s unit. */
package org.duplexnode.ingest.audio.mel;
