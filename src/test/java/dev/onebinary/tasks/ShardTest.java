package dev.onebinary.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void shardsPartitionKeysByModulo() {
        assertThat(Shard.parse("1/4").sql("id")).isEqualTo("(id % 4) = 1");
        assertThat(Shard.ALL.sql("id")).isEqualTo("TRUE");
        assertThat(Shard.parse("0/1")).isEqualTo(Shard.ALL);
    }

    @Test
    void impossibleShardsAreRefused() {
        for (String bad : new String[] {"4/4", "-1/2", "1/0", "a/b", "1", "1/2/3"}) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).hasMessageContaining("I/N");
        }
    }
}
