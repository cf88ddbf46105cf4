package dev.onebinary.domain.records;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records as the web process reads and writes them. */
@ApplicationScoped
public class RecordRepository implements PanacheRepository<RecordEntity> {

    /** Stores a new pending record and returns it with its id and timestamps. */
    @Transactional
    public RecordEntity submit(Map<String, Object> payload) {
        RecordEntity record = new RecordEntity();
        record.status = RecordStatus.PENDING.value();
        record.payload = payload;
        persistAndFlush(record);
        getEntityManager().refresh(record);
        return record;
    }

    public Optional<RecordEntity> byId(long id) {
        return findByIdOptional(id);
    }

    /** One page of a keyset scan by id: records after {@code after}, optionally of one status, oldest first. */
    public List<RecordEntity> page(Optional<RecordStatus> status, long after, int limit) {
        String query = status.isPresent() ? "status = :status and id > :after order by id" : "id > :after order by id";
        Parameters params = Parameters.with("after", after);
        status.ifPresent(s -> params.and("status", s.value()));
        return find(query, params).page(0, limit).list();
    }
}
