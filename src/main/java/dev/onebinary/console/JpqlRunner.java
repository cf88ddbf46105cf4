package dev.onebinary.console;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * JPQL on the console's own connection: a Hibernate session opened on it, read-only, never flushing, whose every
 * generated SQL statement passes the console's guard first (the inspector), so HQL's native escapes ({@code sql()},
 * {@code function()}) get no further than typed SQL would.
 */
final class JpqlRunner implements AutoCloseable {

    private final Session session;

    JpqlRunner(SessionFactory factory, Connection connection, StatementInspector guard) {
        this.session = factory.withOptions()
                .connection(connection)
                .statementInspector(guard)
                .flushMode(FlushMode.MANUAL)
                .autoClose(false)
                .openSession();
        session.setDefaultReadOnly(true);
    }

    static boolean changesRows(String jpql) {
        String first = jpql.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return first.equals("update") || first.equals("delete") || first.equals("insert");
    }

    /**
     * Runs one JPQL statement. Hibernate runs an update only inside a transaction it can see; the console's
     * transaction lives on its own connection, so an empty JTA transaction is opened around the call for that check
     * alone: nothing is enlisted in it, and the statement's fate is the console's transaction's.
     */
    Result run(String jpql, int maxRows, long start) {
        try {
            if (changesRows(jpql)) {
                int changed = QuarkusTransaction.requiringNew()
                        .call(() -> session.createQuery(jpql).executeUpdate());
                return Result.changed(changed, Result.millis(start));
            }
            List<?> found = session.createQuery(jpql).setMaxResults(maxRows + 1).getResultList();
            List<String> columns = Jpql.selectedColumns(jpql);
            List<List<Object>> rows = new ArrayList<>();
            for (Object item : found) {
                rows.add(row(item));
            }
            if (!found.isEmpty() && isEntity(found.getFirst())) {
                columns = attributes(found.getFirst().getClass()).stream()
                        .map(Attribute::getName)
                        .toList();
            }
            return Result.capped(columns, rows, maxRows, start);
        } finally {
            session.clear();
        }
    }

    List<EntityType<?>> entities() {
        return session.getMetamodel().getEntities().stream()
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();
    }

    private List<Object> row(Object item) {
        if (item instanceof Object[] values) {
            return List.of(values).stream()
                    .map(v -> isEntity(v) ? entityLabel(v) : v)
                    .toList();
        }
        List<Object> values = new ArrayList<>();
        if (isEntity(item)) {
            for (Attribute<?, ?> a : attributes(item.getClass())) {
                values.add(read(a.getJavaMember(), item));
            }
        } else {
            values.add(item);
        }
        return values;
    }

    private boolean isEntity(Object o) {
        return o != null && entityType(o.getClass()) != null;
    }

    private EntityType<?> entityType(Class<?> type) {
        for (EntityType<?> e : session.getMetamodel().getEntities()) {
            if (e.getJavaType().isAssignableFrom(type)) {
                return e;
            }
        }
        return null;
    }

    private List<Attribute<?, ?>> attributes(Class<?> type) {
        List<Attribute<?, ?>> attributes = new ArrayList<>(entityType(type).getAttributes());
        attributes.sort((a, b) -> a.getName().equals("id") ? -1 : b.getName().equals("id") ? 1 : 0);
        return attributes;
    }

    private String entityLabel(Object entity) {
        return entityType(entity.getClass()).getName() + "#" + session.getIdentifier(entity);
    }

    private static Object read(Member member, Object target) {
        try {
            if (member instanceof Field f) {
                f.setAccessible(true);
                return f.get(target);
            }
            if (member instanceof Method m) {
                m.setAccessible(true);
                return m.invoke(target);
            }
            return null;
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
